/**
 * Keeping the cluster table in step and reading it. {@link io.ferry.exchange.Advertisement} is what
 * this node says about itself, as facts it signs; an {@link io.ferry.exchange.Exchange} (the
 * {@link io.ferry.exchange.GossipExchange} of deltas, in gossip or poll mode, made by
 * {@link io.ferry.exchange.Exchanges} from the {@link io.ferry.exchange.ExchangeConfig}) spreads it and hands
 * what peers say to the cluster table ({@link io.ferry.exchange.TableBook}), which verifies it; who is
 * alive comes from {@link io.ferry.exchange.SwimMembership} (gossip and poll) or from Redis leases
 * ({@link io.ferry.exchange.CentralExchange}); the read-only {@link io.ferry.exchange.ClusterView} reads only nodes
 * whose facts verify and answers where an image is (by policy and the publisher's signature, never by
 * votes: {@link io.ferry.exchange.NameResolver}, giving a {@link io.ferry.exchange.Located}), who the
 * members are (never a suspect, dead or departed one as a source) and, through {@link io.ferry.exchange.Holders}, the one place it is worked out, who holds
 * which chunks of a manifest. {@link io.ferry.exchange.PlanFeed} tells a delivery's plan what the view
 * says, and {@link io.ferry.exchange.Manifests} fetches the manifests a view needs on demand.
 * {@link io.ferry.exchange.Recheck} is what happens when this node finds it cannot produce a chunk it
 * advertised: it stops advertising it and re-reads the images that contain it in the background.
 */
package io.ferry.exchange;
