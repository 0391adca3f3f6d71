package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * TableView is the metadata table as {@code table} shows it: one row per image (a name bound to a
 * manifest) the table names; or, for one image ({@code image} set), one row per node that holds or
 * relays it, and with {@code --chunks} one row per chunk with the nodes that hold it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableView(String node, List<ImageRow> images, String image, String manifestId, List<NodeRow> nodes,
                        List<ChunkRow> chunks) {
    /**
     * One image: who published the binding (several when more than one bound the name to this manifest),
     * the newest version, how many nodes relay the binding, hold the manifest whole, or part of it.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImageRow(String image, String manifestId, long size, List<String> publishers, long version, int relays,
                           int nodesComplete, int nodesPartial) {
    }

    /** What one node holds of the image asked about, and whether it relays its binding. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NodeRow(String node, String address, String state, long version, long chunksHeld, int chunks,
                          boolean complete, boolean relays) {
    }

    /** One chunk of the image asked about and who holds it (none for a zero chunk, which never moves). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChunkRow(int index, long offset, int length, String id, boolean zero, List<String> holders) {
    }
}
