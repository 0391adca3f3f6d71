package io.ferry.transfer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ApiArguments are the arguments of one {@code /api/VERB} call, decoded strictly from its JSON body:
 * one object and nothing after it, each key once, only the verb's own arguments, each of its type
 * (null, or absent, for one that is optional). A body that is anything else is an
 * {@link IllegalArgumentException} (a 400) and no verb runs: a lenient reader once ran {@code rm v2}
 * for {@code {"name":"v2"} garbage} and verified every image for {@code {"name": 5}}.
 */
final class ApiArguments {
    /** The longest body: arguments are a few names and paths; the longest path a system takes is 4 KiB. */
    static final int MAX_BODY = 64 << 10;

    private enum Type { TEXT, BOOLEAN, INTEGER }

    private record Arg(String name, Type type, boolean required) {
    }

    /** Each verb's arguments (docs/protocol.md, "The CLI's API"). */
    private static final Map<String, List<Arg>> VERBS = Map.ofEntries(
            Map.entry("import", List.of(new Arg("file", Type.TEXT, true), new Arg("name", Type.TEXT, false),
                    new Arg("copy", Type.BOOLEAN, false), new Arg("chunker", Type.TEXT, false),
                    new Arg("avg", Type.INTEGER, false), new Arg("sha256", Type.BOOLEAN, false))),
            Map.entry("ls", List.of()),
            Map.entry("inspect", List.of(new Arg("name", Type.TEXT, true), new Arg("chunks", Type.BOOLEAN, false))),
            Map.entry("get", List.of(new Arg("name", Type.TEXT, true), new Arg("path", Type.TEXT, true),
                    new Arg("force", Type.BOOLEAN, false), new Arg("sha256", Type.BOOLEAN, false))),
            Map.entry("diff", List.of(new Arg("a", Type.TEXT, true), new Arg("b", Type.TEXT, true))),
            Map.entry("verify", List.of(new Arg("name", Type.TEXT, false), new Arg("sha256", Type.BOOLEAN, false))),
            Map.entry("rm", List.of(new Arg("name", Type.TEXT, true))),
            Map.entry("gc", List.of()),
            Map.entry("table", List.of(new Arg("image", Type.TEXT, false), new Arg("chunks", Type.BOOLEAN, false))),
            Map.entry("peers", List.of()),
            Map.entry("plan", List.of(new Arg("name", Type.TEXT, true))));

    private final JsonNode args;

    private ApiArguments(JsonNode args) {
        this.args = args;
    }

    /** True when {@code verb} is one the API has. */
    static boolean known(String verb) {
        return VERBS.containsKey(verb);
    }

    /** Decoder reads arguments. Thread-safe. */
    static final class Decoder {
        /** A reader that fails on what a lenient one lets through; its limits keep a hostile body cheap to parse. */
        private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxNumberLength(20)
                        .maxStringLength(MAX_BODY).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        /** The arguments of {@code verb} in {@code body}; IllegalArgumentException when malformed. */
        ApiArguments parse(String verb, byte[] body) {
            return ApiArguments.parse(json, verb, body);
        }
    }

    private static ApiArguments parse(ObjectMapper json, String verb, byte[] body) {
        List<Arg> spec = VERBS.get(verb);
        if (spec == null) {
            throw new IllegalArgumentException("no such verb: " + verb);
        }
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("the arguments are " + body.length + " bytes, over the limit of " + MAX_BODY);
        }
        JsonNode tree;
        try {
            tree = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the request is not one JSON object: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("the arguments must be one JSON object");
        }
        for (Iterator<String> keys = tree.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (spec.stream().noneMatch(a -> a.name().equals(key))) {
                throw new IllegalArgumentException(verb + " takes no argument '" + key + "'");
            }
        }
        for (Arg a : spec) {
            check(verb, a, tree.get(a.name()));
        }
        return new ApiArguments(tree);
    }

    private static void check(String verb, Arg a, JsonNode v) {
        if (v == null || v.isNull()) {
            if (a.required()) {
                throw new IllegalArgumentException(verb + " needs the argument '" + a.name() + "'");
            }
            return;
        }
        boolean ok = switch (a.type()) {
            case TEXT -> v.isTextual();
            case BOOLEAN -> v.isBoolean();
            case INTEGER -> v.isIntegralNumber() && v.canConvertToInt();
        };
        if (!ok) {
            throw new IllegalArgumentException(verb + "'s argument '" + a.name() + "' must be "
                    + a.type().name().toLowerCase(Locale.ROOT) + ", not " + v.getNodeType().name().toLowerCase(Locale.ROOT));
        }
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A text argument; null when absent. */
    String text(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? null : v.textValue();
    }

    boolean bool(String name) {
        JsonNode v = args.get(name);
        return v != null && v.booleanValue();
    }

    /** An integer argument; null when absent. */
    Integer integer(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? null : v.intValue();
    }
}
