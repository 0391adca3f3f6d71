package io.ferry.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * DeliveryResult says where a delivered image's bytes came from.
 *
 * @param bytesLocal         bytes taken from this node (seeds, cache, a partial file)
 * @param bytesLocalByOrigin those bytes per place: "partial", "seed", "cache"
 * @param bytesFetched       bytes received on the wire (compressed, as sent)
 * @param bytesFetchedByPeer wire bytes per peer node id
 * @param bytesFromPeers     image bytes (uncompressed) the fetched chunks filled
 * @param output             "file" (published by a rename) or "device" (written in place, then read back
 *                           and verified)
 * @param sha256             the whole image's SHA-256 when asked for ({@code get --sha256}); null otherwise
 * @param peers              per peer that sent something: wire bytes, the seconds it was busy with this
 *                           node, and the rate that makes
 * @param chunksReassigned   chunks taken from the peer they were planned for while running: stolen by an
 *                           idle peer, or moved off a peer that failed or no longer had them
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryResult(String image, String path, long bytesTotal, long bytesZero, long bytesLocal,
                             Map<String, Long> bytesLocalByOrigin, long bytesFetched,
                             Map<String, Long> bytesFetchedByPeer, long bytesFromPeers, double seconds,
                             String output, String sha256, java.util.List<Peer> peers, int chunksReassigned) {
    /** What one peer sent: {@code mbitPerS} is its wire bytes over the seconds it was busy with this node. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Peer(String node, long bytes, double seconds, double mbitPerS) {
    }
}
