package io.ferry.trust;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * NodeId is a node's stable id ({@link NodeIdentity}): 1-64 letters, digits and {@code . _ -},
 * starting with a letter or digit. Tables and JSON carry it as that plain string.
 */
public record NodeId(String value) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NodeId {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid node id '" + value
                    + "': use 1-64 letters, digits and . _ -, starting with a letter or digit");
        }
    }

    /** Parses a node id; IllegalArgumentException for anything that is not one. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
