/**
 * Running a delivery's plan: {@link io.ferry.executor.Executor} asks peers for what the
 * {@link io.ferry.plan.Plan} says, a bounded number of requests in flight per peer, on one thread pool,
 * driven by completion events (no polling). The decisions ({@link io.ferry.executor.Run}) are apart from
 * the I/O ({@link io.ferry.executor.Requests}), so the delivery simulation runs the same decisions over a
 * simulated network and clock. What each request came to is classified once
 * ({@link io.ferry.executor.Outcome}) and that decides what happens to its work and to the peer. Each
 * peer's throughput is measured over the time it was busy with this node
 * ({@link io.ferry.executor.PeerMeters}); requests are sized and timed by it, the plan is told it, and
 * {@link io.ferry.executor.Steering} has the plan schedule again when it drifts. In the endgame a lagging
 * request's chunks are asked of one more peer and the loser is cancelled ({@link io.ferry.executor.Flight}),
 * so a slow peer never holds a delivery up. What a run measured goes into the peers' history.
 */
package io.ferry.executor;
