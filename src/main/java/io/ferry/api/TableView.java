package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * TableView is the metadata table as {@code table} shows it: one row per node and image, or, for one
 * image ({@code image} set), one row per chunk with the nodes that hold it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableView(String node, List<ImageRow> images, String image, String manifestId, List<ChunkRow> chunks) {
    /** What one node holds of one image. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImageRow(String node, String address, String image, String manifestId, long size, boolean complete,
                           long chunksHeld, long version) {
    }

    /** One chunk of the image asked about and who holds it (none for a zero chunk, which never moves). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChunkRow(int index, long offset, int length, String id, boolean zero, List<String> holders) {
    }
}
