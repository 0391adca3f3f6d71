package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * VerifyReport says whether an image can be produced from this node's own chunks.
 *
 * @param seedState      for a seed image: "ok", "changed" or "missing"; for a copy: "-"
 * @param sha256         the whole image's SHA-256 computed from its chunks ({@code verify --sha256} when no
 *                       chunk is missing); null otherwise
 * @param manifestSha256 the SHA-256 the manifest records; null when it was imported without one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VerifyReport(String image, int chunks, int missingChunks, long verifiedBytes, String seedState,
                           String sha256, String manifestSha256) {
    @JsonIgnore
    public boolean ok() {
        return missingChunks == 0 && !sha256Differs();
    }

    /** True when both digests are known and differ (chunks that each match their ids cannot do that). */
    @JsonIgnore
    public boolean sha256Differs() {
        return sha256 != null && manifestSha256 != null && !sha256.equals(manifestSha256);
    }
}
