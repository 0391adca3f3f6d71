package io.ferry.node;

/**
 * VerifyReport says whether an image can be produced from this node's own chunks.
 *
 * @param seedState for a seed image: "ok", "changed" or "missing"; for a copy: "-"
 */
public record VerifyReport(String image, int chunks, int missingChunks, long verifiedBytes, String seedState) {
    public boolean ok() {
        return missingChunks == 0;
    }
}
