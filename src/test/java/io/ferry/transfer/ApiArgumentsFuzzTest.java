package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.Mutations;
import io.ferry.testing.Outcomes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the operator's API arguments ({@link ApiArguments}) with arbitrary bytes, soups of JSON
 * tokens and mutated valid bodies. A body either decodes as exactly one JSON object of the verb's
 * own arguments, each of its type, or is refused with an IllegalArgumentException (the 400 that runs
 * nothing); nothing else may be thrown.
 */
class ApiArgumentsFuzzTest {
    private static final List<String> VERBS = List.of("import", "ls", "inspect", "get", "diff", "verify", "rm", "gc",
            "table", "peers", "plan");
    private final ApiArguments.Decoder decoder = new ApiArguments.Decoder();
    private final ObjectMapper json = new ObjectMapper();

    @Provide
    Arbitrary<String> verbs() {
        return Arbitraries.of(VERBS);
    }

    /** Each verb's arguments as RemoteApi sends them: every one it takes, of its type, text ones maybe null. */
    private static final Map<String, List<String>> ARGS = Map.ofEntries(
            Map.entry("import", List.of("file", "name", "copy", "chunker", "avg")), Map.entry("ls", List.of()),
            Map.entry("inspect", List.of("name", "chunks")), Map.entry("get", List.of("name", "path", "force", "sha256")),
            Map.entry("diff", List.of("a", "b")), Map.entry("verify", List.of("name")), Map.entry("rm", List.of("name")),
            Map.entry("gc", List.of()), Map.entry("table", List.of("image", "chunks")), Map.entry("peers", List.of()),
            Map.entry("plan", List.of("name")));

    private static Object value(String arg, String text, boolean flag, int n) {
        return switch (arg) {
            case "copy", "chunks", "force", "sha256" -> flag;
            case "avg" -> n;
            default -> text;
        };
    }

    /** A verb and a body of its arguments as the client sends it. */
    @Provide
    Arbitrary<net.jqwik.api.Tuple.Tuple2<String, byte[]>> valid() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
        return Combinators.combine(verbs(), text, Arbitraries.of(true, false), Arbitraries.integers().between(256, 1 << 22))
                .as((verb, t, flag, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    ARGS.get(verb).forEach(a -> m.put(a, value(a, t, flag, n)));
                    try {
                        return net.jqwik.api.Tuple.of(verb, json.writeValueAsBytes(m));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @Provide
    Arbitrary<byte[]> soups() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"name\"", "\"file\"", "\"a\"", "\"b\"",
                "\"chunks\"", "\"avg\"", "\"copy\"", "\"image\"", "\"path\"", "\"x\"", "null", "true", "false", "0", "-1",
                "1.5", "1e999", "99999999999999999999999", "\"\\u0000\"", "\"\\ud800\"", "\"", "\\", " ", "/*c*/", "NaN");
        return token.list().ofMaxSize(30).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    @Property
    void arbitraryBytesAreRefusedOrExact(@ForAll("verbs") String verb, @ForAll byte[] body) {
        parseOrRefuse(verb, body);
    }

    @Property
    void tokenSoupsAreRefusedOrExact(@ForAll("verbs") String verb, @ForAll("soups") byte[] body) {
        parseOrRefuse(verb, body);
    }

    @Property
    void mutatedBodiesAreRefusedOrExact(@ForAll("valid") net.jqwik.api.Tuple.Tuple2<String, byte[]> body,
                                        @ForAll("mutations") List<Mutations.Mutation> m) {
        parseOrRefuse(body.get1(), Mutations.apply(body.get2(), m));
    }

    @Property
    void bodiesAsTheClientSendsThemAreTaken(@ForAll("valid") net.jqwik.api.Tuple.Tuple2<String, byte[]> body) {
        decoder.parse(body.get1(), body.get2());
    }

    private void parseOrRefuse(String verb, byte[] body) {
        ApiArguments a;
        try {
            a = decoder.parse(verb, body);
        } catch (IllegalArgumentException e) {
            Outcomes.refused(e);
            return;
        }
        Outcomes.accepted();
        if (body.length == 0) {
            return; // no body: no arguments
        }
        // accepted: exactly one JSON object, and what the verb reads is what it holds
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("accepted a body a plain JSON reader refuses", e);
        }
        assertThat(tree.isObject()).isTrue();
        tree.fieldNames().forEachRemaining(k -> {
            JsonNode v = tree.get(k);
            if (v.isTextual()) {
                assertThat(a.text(k)).isEqualTo(v.textValue());
            }
        });
    }
}
