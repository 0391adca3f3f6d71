package io.ferry.transfer;

import io.ferry.chunk.ChunkId;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.Identity;
import io.ferry.trust.Policy;
import java.util.Collection;

/**
 * Access answers, for the chunk server, whether a caller may have a manifest or a chunk: a manifest if it
 * is the manifest of an image the caller may read, a chunk if it belongs to such an image. It applies
 * the node's {@link Policy} (the one place that decides) to what this node holds.
 */
public interface Access {
    Policy.Decision manifest(Identity caller, ManifestId id);

    /** Allowed only if every chunk in {@code ids} belongs to an image the caller may read. */
    Policy.Decision chunks(Identity caller, Collection<ChunkId> ids);

    /** Everyone may have everything (no policy file). */
    static Access open() {
        Policy.Decision yes = new Policy.Decision(true, "no policy");
        return new Access() {
            @Override
            public Policy.Decision manifest(Identity caller, ManifestId id) {
                return yes;
            }

            @Override
            public Policy.Decision chunks(Identity caller, Collection<ChunkId> ids) {
                return yes;
            }
        };
    }
}
