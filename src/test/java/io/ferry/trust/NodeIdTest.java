package io.ferry.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeIdTest {
    @Test
    void of_validIds_printThemselves() {
        for (String ok : List.of("a", "node-1a2b", "Z.9_x-y", "x".repeat(64))) {
            assertThat(NodeId.of(ok).toString()).isEqualTo(ok);
        }
    }

    @Test
    void of_invalidIds_rejected() {
        for (String bad : List.of("", "-a", ".a", "a b", "a/b", "x".repeat(65))) {
            assertThatThrownBy(() -> NodeId.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid node id");
        }
    }

    @Test
    void json_isThePlainString() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(NodeId.of("n1"))).isEqualTo("\"n1\"");
        assertThat(json.readValue("\"n1\"", NodeId.class)).isEqualTo(NodeId.of("n1"));
    }
}
