package io.ferry.exchange.swim;

/**
 * SwimConfig holds the protocol's periods and multipliers, memberlist's defaults for a LAN.
 *
 * @param probeMillis       protocol period: one member probed per period (scaled by local health)
 * @param probeTimeoutMillis how long a ping's ack is waited for before asking others (scaled likewise)
 * @param indirect          members asked to ping a target that did not answer
 * @param suspicionMult     suspicion timeout at least suspicionMult · max(1, log10 N) · probe period
 * @param suspicionMaxMult  at most this many times the minimum, before confirmations shorten it
 * @param confirmations     independent suspicions expected to bring the timeout down to the minimum (Lifeguard's K; memberlist uses 2)
 * @param gossipMillis      gossip interval, to {@code fanout} random members
 * @param retransmitMult    each update is sent retransmitMult · ceil(log10(N + 1)) times
 * @param awarenessMax      the local health multiplier's ceiling (Lifeguard)
 * @param syncMillis        push-pull of whole member lists with one member at random, at N ≤ 32 (more above)
 * @param retainMillis      how long a dead or left member stays listed before it is forgotten
 * @param piggyback         updates per message at most
 */
public record SwimConfig(long probeMillis, long probeTimeoutMillis, int indirect, int suspicionMult,
                         int suspicionMaxMult, int confirmations, long gossipMillis, int fanout, int retransmitMult,
                         int awarenessMax, long syncMillis, long retainMillis, int piggyback) {
    public static SwimConfig lan() {
        return new SwimConfig(1000, 500, 3, 4, 6, 3, 200, 3, 4, 8, 30_000, 3_600_000, 16);
    }

    /** Suspicion timeout bounds for {@code n} members: {min, max} in ms. */
    long[] suspicion(int n) {
        double scale = Math.max(1, Math.log10(Math.max(1, n)));
        long min = (long) (suspicionMult * scale * probeMillis);
        return new long[] {min, min * suspicionMaxMult};
    }

    /** How many times each update is sent, for {@code n} members. */
    int retransmits(int n) {
        return retransmitMult * (int) Math.ceil(Math.log10(n + 1));
    }

    /** Push-pull interval at {@code n} members: longer in larger clusters, as memberlist does. */
    public long sync(int n) {
        return n <= 32 ? syncMillis : (long) (syncMillis * (Math.log(n) / Math.log(2) - 4));
    }
}
