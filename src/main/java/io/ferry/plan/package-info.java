/**
 * Choosing where each missing chunk comes from. Pure: no I/O, no clock. This rule is
 * dynamic claiming: each peer's fetchers claim the next pending chunks that peer holds, in image
 * order and up to a byte budget, as one contiguous run when the peer holds the same manifest, so
 * faster peers take more, load spreads by itself, and a failed peer's claims go back to the pool.
 */
package io.ferry.plan;
