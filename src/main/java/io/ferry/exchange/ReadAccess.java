package io.ferry.exchange;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.ManifestId;
import io.ferry.transfer.Access;
import io.ferry.trust.Identity;
import io.ferry.trust.Policy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ReadAccess applies the node's {@link Policy} to what it holds: a manifest may be had by whoever may read
 * an image of it held or being delivered here, a chunk by whoever may read an image it belongs to. The
 * open policy answers yes without looking; with a policy file, the names of the images are asked about
 * and each manifest's chunk ids are indexed once (a set per manifest, kept while the manifest is).
 */
public final class ReadAccess implements Access {
    private final Policy policy;
    private final Catalog catalog;
    private final Advertisement self;
    private final Map<ManifestId, Set<ChunkId>> chunksOf = new ConcurrentHashMap<>();

    public ReadAccess(Policy policy, Catalog catalog, Advertisement self) {
        this.policy = policy;
        this.catalog = catalog;
        this.self = self;
    }

    @Override
    public Policy.Decision manifest(Identity caller, ManifestId id) {
        if (!policy.restricts()) {
            return policy.mayRead(caller, "");
        }
        Policy.Decision last = null;
        for (Map.Entry<String, ManifestId> e : images().entrySet()) {
            if (e.getValue().equals(id)) {
                Policy.Decision d = policy.mayRead(caller, e.getKey());
                if (d.allowed()) {
                    return d;
                }
                last = d;
            }
        }
        return last != null ? last : new Policy.Decision(false, "manifest " + id + " is of no image held here");
    }

    @Override
    public Policy.Decision chunks(Identity caller, Collection<ChunkId> ids) {
        if (!policy.restricts()) {
            return policy.mayRead(caller, "");
        }
        List<ManifestId> readable = new ArrayList<>();
        Policy.Decision refusal = null;
        for (Map.Entry<String, ManifestId> e : images().entrySet()) {
            Policy.Decision d = policy.mayRead(caller, e.getKey());
            if (d.allowed()) {
                readable.add(e.getValue());
            } else {
                refusal = d;
            }
        }
        for (ChunkId id : ids) {
            boolean found = false;
            for (ManifestId m : readable) {
                if (chunks(m).contains(id)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return refusal != null ? refusal
                        : new Policy.Decision(false, "chunk " + id + " is of no image " + caller.describe() + " may read");
            }
        }
        return new Policy.Decision(true, "every chunk asked for is of an image " + caller.describe() + " may read");
    }

    /** Every image here by name: those held, then those being delivered. */
    private Map<String, ManifestId> images() {
        Map<String, ManifestId> out = new LinkedHashMap<>();
        try {
            for (ImageRecord r : catalog.images()) {
                out.put(r.name(), r.manifestId());
            }
        } catch (IOException e) {
            // the catalog cannot be read: nothing is readable, which refuses rather than leaks
        }
        self.deliveringNames().forEach((m, name) -> out.putIfAbsent(name, m));
        chunksOf.keySet().retainAll(new HashSet<>(out.values()));
        return out;
    }

    private Set<ChunkId> chunks(ManifestId m) {
        return chunksOf.computeIfAbsent(m, id -> {
            Set<ChunkId> s = new HashSet<>();
            try {
                ChunkList c = catalog.manifestById(id).chunks();
                c.forEachNonZero((i, chunk) -> s.add(chunk));
            } catch (IOException e) {
                // an unreadable manifest grants nothing
            }
            return s;
        });
    }
}
