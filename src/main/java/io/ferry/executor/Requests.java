package io.ferry.executor;

import io.ferry.plan.PeerProfile;

/**
 * Requests is how a run's requests reach peers: the seam between its decisions ({@link Run}) and the
 * I/O. {@link PooledRequests} asks real peers on a thread pool; the delivery simulation asks simulated
 * ones on a simulated clock, so the same decisions are measured at a scale no test machine can hold.
 */
interface Requests {
    /**
     * Starts asking {@code peer} for {@code flight}'s job. Each chunk that arrives verified is handed on
     * and marked done in the plan (unless another request brought it first), its bytes counted in the
     * flight's call, the wire bytes in {@link Flight#wire}; the ending is reported once, on any thread.
     */
    void start(PeerProfile peer, Flight flight);
}
