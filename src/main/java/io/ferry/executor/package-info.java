/**
 * Running a delivery's plan: {@link io.ferry.executor.Executor} asks peers for what the
 * {@link io.ferry.plan.Plan} says, a bounded number of requests in flight per peer, on one thread pool,
 * driven by completion events (no polling). What each request came to is classified once
 * ({@link io.ferry.executor.Outcome}) and that decides what happens to its work and to the peer.
 * Requests are sized to each peer's measured rate ({@link io.ferry.executor.PeerMeters}); in the endgame
 * a lagging request's chunks are asked of one more peer and the loser is cancelled
 * ({@link io.ferry.executor.Flight}), so a slow peer never holds a delivery up.
 */
package io.ferry.executor;
