/**
 * Choosing which peer sends which missing chunk. Pure: no I/O, no clock (a test enforces it). A
 * {@link io.ferry.plan.Planner} ({@link io.ferry.plan.SourcePlanner}, by a {@link io.ferry.plan.Strategy})
 * makes a {@link io.ferry.plan.Plan} for one delivery; the plan is told who holds what (by the exchange's
 * feed), what each peer is ({@link io.ferry.plan.PeerProfile}: configured rate, site, priority, history)
 * and what happened (by the executor: outcomes, measured rates), and answers what to ask each peer for
 * next. {@link io.ferry.plan.Claims} gives every missing chunk an owner from a
 * {@link io.ferry.plan.Scheduler} schedule (a cost model of rate, request, disk runs, priority and site;
 * the objective is the earliest end, then the fewest bytes between sites, then the least load on
 * last-resort peers), redone as holders and rates change; idle peers steal the balancing share of the
 * slowest one's work; {@link io.ferry.plan.SiteShare} deals the chunks that must cross between sites out
 * among the site's nodes delivering the same image, each bringing its own part across before it asks its
 * mates for theirs. The static splits of {@link io.ferry.plan.StaticSplit}
 * are there to be measured against.
 */
package io.ferry.plan;
