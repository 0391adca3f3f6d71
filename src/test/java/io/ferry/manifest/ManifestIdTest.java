package io.ferry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestIdTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void parse_64LowerCaseHexDigits_printsThemBack() {
        ManifestId id = ManifestId.parse(HEX);
        assertThat(id.toString()).isEqualTo(HEX);
        assertThat(ManifestId.of(id.bytes())).isEqualTo(id);
    }

    @Test
    void parse_anythingElse_rejectedSayingWhatAnIdIs() {
        for (String bad : List.of("", HEX.toUpperCase(), HEX.substring(1), HEX + "0", "../" + HEX.substring(3), "g" + HEX.substring(1))) {
            assertThatThrownBy(() -> ManifestId.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("64 hex digits");
        }
        assertThatThrownBy(() -> ManifestId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void json_isThePlainHexString() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(ManifestId.parse(HEX))).isEqualTo("\"" + HEX + "\"");
        assertThat(json.readValue("\"" + HEX + "\"", ManifestId.class)).isEqualTo(ManifestId.parse(HEX));
    }

    @Test
    void imageDigest_isItsHexAndNotAManifestId() {
        ImageDigest d = ImageDigest.of(ManifestId.parse(HEX).bytes());
        assertThat(d.toString()).isEqualTo(HEX);
        assertThat((Object) d).isNotEqualTo(ManifestId.parse(HEX));
        assertThatThrownBy(() -> ImageDigest.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
