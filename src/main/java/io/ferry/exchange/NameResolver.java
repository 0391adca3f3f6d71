package io.ferry.exchange;

import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.ImageBinding;
import io.ferry.catalog.Signed;
import io.ferry.catalog.UnknownImageException;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.FactVerifier;
import io.ferry.trust.ForgedFactException;
import io.ferry.trust.Identity;
import io.ferry.trust.NodeId;
import io.ferry.trust.Policy;
import io.ferry.trust.SignedFact;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * NameResolver decides which manifest a name is bound to: of the bindings of the name that entries
 * relay, those signed by their publisher and whose publisher the policy lets publish the name, the one
 * the publisher signed last (highest version) wins, so a re-import by a permitted publisher is an
 * update. How many entries relay a binding does not count: a relay is no vote. Ties (equal versions of
 * different publishers) go to the lower publisher id, then manifest id, so every node decides alike.
 */
final class NameResolver {
    /** A binding that may count: the fact, what it says, and who published it. */
    record Candidate(SignedFact fact, ImageBinding binding) {
        ManifestId manifestId() {
            return binding.manifestId();
        }
    }

    /** A fact compared by everything in it (a record of arrays compares them by identity). */
    private record Whole(NodeId origin, String kind, long version, ByteBuffer payload, ByteBuffer signature,
                         ByteBuffer certificate) {
        Whole(SignedFact f) {
            this(f.origin(), f.kind(), f.version(), ByteBuffer.wrap(f.payload()), ByteBuffer.wrap(f.signature()),
                    ByteBuffer.wrap(f.certificate()));
        }
    }

    private final FactVerifier verifier;
    private final Policy policy;

    NameResolver(FactVerifier verifier, Policy policy) {
        this.verifier = verifier;
        this.policy = policy;
    }

    /**
     * The binding of {@code name} that counts among {@code bindings} (every one the table relays, the same
     * fact perhaps many times); UnknownImageException naming what was refused.
     */
    Candidate resolve(String name, List<SignedFact> bindings) throws UnknownImageException {
        Map<String, Integer> refused = new LinkedHashMap<>();
        List<Candidate> allowed = new ArrayList<>();
        Set<Whole> seen = new HashSet<>();
        for (SignedFact f : bindings) {
            ImageBinding b;
            try {
                b = ImageBinding.decode(f.payload());
            } catch (FactFormatException ex) {
                continue; // merged entries hold none; nothing to say about a binding of no name
            }
            // the same fact relayed by many nodes is judged once: relays are not votes (the whole fact
            // is the key, so a forged copy relayed first cannot hide the genuine one)
            if (!b.name().equals(name) || !seen.add(new Whole(f))) {
                continue;
            }
            String why = refusal(f, name);
            if (why == null) {
                allowed.add(new Candidate(f, b));
            } else {
                refused.merge(why, 1, Integer::sum);
            }
        }
        Candidate best = allowed.stream().max(Comparator.<Candidate>comparingLong(c -> c.fact().version())
                .thenComparing(c -> c.fact().origin().value(), Comparator.reverseOrder())
                .thenComparing(c -> c.binding().manifestId().hex(), Comparator.reverseOrder())).orElse(null);
        if (best == null) {
            throw new UnknownImageException(name, refused.isEmpty() ? null : describe(refused));
        }
        return best;
    }

    /** Why {@code f} may not bind {@code name}; null when it may. */
    private String refusal(SignedFact f, String name) {
        Identity who;
        try {
            who = Signed.byOrigin(verifier, f);
        } catch (ForgedFactException e) {
            return "not signed by the publisher it names";
        }
        Policy.Decision d = policy.mayPublish(who, name);
        return d.allowed() ? null : "publisher not allowed by policy (" + d.rule() + ")";
    }

    private static String describe(Map<String, Integer> refused) {
        int n = refused.values().stream().mapToInt(Integer::intValue).sum();
        return n + (n == 1 ? " binding" : " bindings") + " of it refused: " + refused.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining("; "));
    }
}
