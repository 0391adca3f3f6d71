package io.ferry.plan;

import java.util.Map;

/**
 * PeerSpec is a configured peer as {@code --peer} names it: {@code HOST:PORT} and, after commas, what the
 * planner should assume of it: {@code bw=100mbit} (as tc writes bandwidth, see {@link Bandwidth}),
 * {@code site=rack1}, {@code priority=prefer|normal|last-resort|never}. Unset options are null: measured
 * history, the certificate's site and the normal priority fill them in.
 */
public record PeerSpec(String address, Long bitsPerSecond, String site, Priority priority) {
    /** Parses {@code HOST:PORT[,key=value...]}; IllegalArgumentException with one line naming what is wrong. */
    public static PeerSpec parse(String text) {
        String[] parts = text.split(",", -1);
        String address = parts[0].strip();
        if (address.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no peer: write HOST:PORT[,bw=100mbit][,site=S][,priority=P]");
        }
        Map<String, String> seen = new java.util.HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String key = kv[0].strip();
            if (kv.length != 2 || kv[1].isBlank()) {
                throw new IllegalArgumentException("'" + parts[i] + "' in --peer " + text + " is not key=value");
            }
            if (!key.equals("bw") && !key.equals("site") && !key.equals("priority")) {
                throw new IllegalArgumentException("unknown peer option '" + key + "' in --peer " + text
                        + ": bw, site and priority are known");
            }
            if (seen.put(key, kv[1].strip()) != null) {
                throw new IllegalArgumentException("peer option '" + key + "' given twice in --peer " + text);
            }
        }
        String site = seen.get("site");
        if (site != null && !site.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("site '" + site + "' in --peer " + text + ": letters, digits, '.', '_' and '-' only");
        }
        return new PeerSpec(address, seen.containsKey("bw") ? Bandwidth.bitsPerSecond(seen.get("bw")) : null, site,
                seen.containsKey("priority") ? Priority.parse(seen.get("priority")) : null);
    }
}
