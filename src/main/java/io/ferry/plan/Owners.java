package io.ferry.plan;

import java.util.Arrays;

/**
 * Owners is which peer the schedule gave each missing chunk to (by position, as in {@link Claims}; -1:
 * nobody yet, so any holder may take it), the bytes each peer still has to start of what it owns, and how
 * many chunks were reassigned while running: stolen by an idle peer, or given up by a peer that failed or
 * no longer has them (a new schedule that follows new holders is planning, not reassignment, and is not
 * counted). Not thread-safe: {@link Claims} guards it.
 */
final class Owners {
    private final int[] owner;
    private final long[] size;
    private long[] left = new long[8];
    private int reassigned;

    Owners(long[] size) {
        this.size = size;
        this.owner = new int[size.length];
        Arrays.fill(owner, -1);
    }

    int of(int p) {
        return owner[p];
    }

    /** Whether node bit {@code b} may claim position {@code p}: it owns it, or nobody does. */
    boolean mayTake(int b, int p) {
        return owner[p] < 0 || owner[p] == b;
    }

    /** Gives position {@code p} to {@code b} (-1: to nobody); {@code pending} says whether it is still to start. */
    void assign(int p, int b, boolean pending) {
        if (pending) {
            moved(p, false);
        }
        owner[p] = b;
        if (pending) {
            moved(p, true);
        }
    }

    /** Position {@code p} became pending (true) or stopped being so (false). */
    void moved(int p, boolean pending) {
        int b = owner[p];
        if (b >= 0) {
            if (b >= left.length) {
                left = Arrays.copyOf(left, Math.max(b + 1, 2 * left.length));
            }
            left[b] += pending ? size[p] : -size[p];
        }
    }

    /** Bytes of pending positions {@code b} owns. */
    long left(int b) {
        return b < left.length ? left[b] : 0;
    }

    /** Counts {@code n} chunks taken from their owner while running. */
    void reassigned(int n) {
        reassigned += n;
    }

    int reassigned() {
        return reassigned;
    }
}
