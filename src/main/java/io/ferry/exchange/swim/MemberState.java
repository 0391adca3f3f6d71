package io.ferry.exchange.swim;

/** What a node's membership says of a member. */
public enum MemberState {
    /** Answers its probes, or refuted the last suspicion. */
    ALIVE,
    /** Missed a probe, direct and indirect: waiting for it to refute, or for the suspicion to time out. */
    SUSPECT,
    /** Did not refute in time: never probed nor planned as a source until it comes back (a higher incarnation). */
    DEAD,
    /** Said it was leaving (SIGTERM). */
    LEFT;

    /** Gone: not probed, not gossiped with, not a source. */
    public boolean gone() {
        return this == DEAD || this == LEFT;
    }
}
