package io.ferry.cli;

import io.ferry.exchange.ExchangeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** ExchangeOptions turns {@code node}'s exchange options into an {@link ExchangeConfig}; a bad one is a usage error. */
final class ExchangeOptions {
    private ExchangeOptions() {
    }

    static ExchangeConfig config(String mode, List<String> peers, List<String> join, double pollSeconds,
                                 double gossipSeconds, String redis) {
        ExchangeConfig.Mode m;
        try {
            m = ExchangeConfig.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--exchange is gossip, poll or central, not '" + mode + "'");
        }
        double seconds = m == ExchangeConfig.Mode.POLL ? pollSeconds : gossipSeconds;
        if (!(seconds > 0) || !(pollSeconds > 0)) {
            throw new IllegalArgumentException("--poll-interval and --gossip-interval must be positive");
        }
        List<String> contacts = new ArrayList<>(peers);
        contacts.addAll(join);
        return new ExchangeConfig(m, contacts, Duration.ofMillis((long) (seconds * 1000)), redis);
    }
}
