/**
 * Keeping the cluster table in step and reading it. {@link io.ferry.exchange.Advertisement} is what
 * this node says about itself; an {@link io.ferry.exchange.Exchange} (today push-pull of whole tables,
 * {@link io.ferry.exchange.TableExchange}) spreads it and merges what peers say; the read-only
 * {@link io.ferry.exchange.ClusterView} answers where an image is, who the members are and, through
 * {@link io.ferry.exchange.Holders}, the one place it is worked out, who holds which chunks of a
 * manifest. {@link io.ferry.exchange.PlanFeed} tells a delivery's plan what the view says, and
 * {@link io.ferry.exchange.Manifests} fetches the manifests a view needs on demand.
 */
package io.ferry.exchange;
