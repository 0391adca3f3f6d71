/**
 * Central mode's Redis: {@link io.ferry.exchange.central.RedisFacts} publishes a node's signed entry
 * under a lease (a key that expires), keeps who is live (a sorted set of lease ends), the versions (one
 * hash, read at once to repair what was missed), who left, an index of holders by manifest (a hash of
 * segment bitmaps per image, never a key per chunk) and a capped stream of changes, read as they come
 * (keyspace notifications are fire-and-forget and node-local in a Redis Cluster, so they are not used).
 * One key per operation, so a Redis Cluster works as a single server does. Redis is trusted with nothing:
 * what it returns is bounded, decoded by the gossip's fuzzed codec, and verified by the cluster table.
 */
package io.ferry.exchange.central;
