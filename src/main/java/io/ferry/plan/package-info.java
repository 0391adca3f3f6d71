/**
 * Choosing which peer sends which missing chunk. Pure: no I/O, no clock (a test enforces it). A
 * {@link io.ferry.plan.Planner} makes a {@link io.ferry.plan.Plan} for one delivery; the plan is told
 * who holds what (by the exchange's feed) and what happened (by the executor), and answers what to ask
 * each peer for next. Today's policy is {@link io.ferry.plan.RarestFirstPlanner}: dynamic claiming of
 * the rarest chunks a peer holds, by index when it holds the manifest being delivered, so faster peers
 * take more and a failed peer's claims go back to the pool. Peers are described by
 * {@link io.ferry.plan.PeerProfile}, which later carries bandwidth, history, priority and site.
 */
package io.ferry.plan;
