package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * VerifyReport says whether an image can be produced from this node's own chunks.
 *
 * @param seedState for a seed image: "ok", "changed" or "missing"; for a copy: "-"
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VerifyReport(String image, int chunks, int missingChunks, long verifiedBytes, String seedState) {
    @JsonIgnore
    public boolean ok() {
        return missingChunks == 0;
    }
}
