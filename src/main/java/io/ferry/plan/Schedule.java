package io.ferry.plan;

import java.util.List;

/**
 * Schedule is the scheduler's answer: for each missing chunk, the peer it is fetched from (its position
 * in the problem's peers, or -1 when no peer may send it), and what that makes of each peer.
 *
 * @param makespan        the estimated time until the last peer is done, in seconds
 * @param remoteBytes     bytes planned over the inter-site link
 * @param lastResortBytes bytes planned from last-resort peers
 */
public record Schedule(int[] peerOf, List<Load> loads, double makespan, long remoteBytes, long lastResortBytes) {
    /** One peer's share: chunks, bytes, separate runs on its disk, requests, estimated seconds. */
    public record Load(PeerModel peer, int chunks, long bytes, int runs, long requests, double seconds) {
    }

    /** Chunks no permitted peer holds. */
    public int unplanned() {
        int n = 0;
        for (int p : peerOf) {
            if (p < 0) {
                n++;
            }
        }
        return n;
    }
}
