package io.ferry.plan;

import java.util.Locale;

/**
 * Strategy is how a plan chooses sources ({@code ferry node --planner}). {@link #OPTIMIZED}, the default,
 * is the issue-13 plan: a {@link Scheduler} schedule, redone as holders and measured rates change, with
 * work stealing and the endgame. The others are there to be measured against: {@link #RAREST_FIRST}
 * (dynamic claiming of the rarest chunks, the plan before the scheduler), and three static splits fixed
 * at the start, without stealing or endgame: {@link #RANDOM}, {@link #ROUND_ROBIN}, {@link #FASTEST}
 * (all from the holder assumed fastest).
 */
public enum Strategy {
    OPTIMIZED, RAREST_FIRST, RANDOM, ROUND_ROBIN, FASTEST;

    /** Parses {@code optimized}, {@code rarest-first}, {@code random}, {@code round-robin} or {@code fastest}. */
    public static Strategy parse(String s) {
        for (Strategy v : values()) {
            if (v.word().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("planner '" + s + "' is none of optimized, rarest-first, random, round-robin, fastest");
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the plan follows what happens: reschedules, steals work, asks for lagging chunks twice. */
    public boolean adaptive() {
        return this == OPTIMIZED || this == RAREST_FIRST;
    }

    /** Whether chunks are given to peers up front (a schedule or a static split), not claimed as they come. */
    boolean assigns() {
        return this != RAREST_FIRST;
    }
}
