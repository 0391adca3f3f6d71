package io.ferry.exchange;

import io.ferry.catalog.PeerAddress;
import java.time.Duration;
import java.util.List;

/**
 * ExchangeConfig is how a node keeps its table in step ({@code --exchange}).
 *
 * @param mode     gossip (default): a digest swap with a live member at random every {@code interval};
 *                 poll: each live member's own changes pulled every {@code interval}; central: through Redis
 * @param contacts first contacts, from {@code --peer} and {@code --join} (host:port): every mode starts there
 * @param interval the gossip or poll interval
 * @param redis    the Redis URI of central mode; null otherwise
 */
public record ExchangeConfig(Mode mode, List<String> contacts, Duration interval, String redis) {
    public enum Mode { GOSSIP, POLL, CENTRAL }

    public ExchangeConfig {
        contacts = List.copyOf(contacts).stream().map(PeerAddress::check).distinct().toList(); // they become URLs
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the " + mode.name().toLowerCase() + " interval must be positive");
        }
        if ((mode == Mode.CENTRAL) != (redis != null)) {
            throw new IllegalArgumentException("--redis goes with --exchange central, and only with it");
        }
    }

    /** The default mode, gossip, starting from {@code contacts}. */
    public static ExchangeConfig gossip(List<String> contacts, Duration interval) {
        return new ExchangeConfig(Mode.GOSSIP, contacts, interval, null);
    }
}
