package io.ferry.exchange;

import io.ferry.catalog.ImageBinding;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestFormatException;
import io.ferry.manifest.ManifestId;
import io.ferry.trust.SignedFact;
import java.util.List;

/**
 * Located is where an image known only to peers is: the binding of its name that won (see
 * {@link NameResolver}), as its publisher signed it (to be kept and relayed unchanged), and the peers to
 * ask for the manifest, the publisher first.
 */
public record Located(ImageBinding binding, SignedFact fact, List<String> addresses) {
    public ManifestId manifestId() {
        return binding.manifestId();
    }

    /** {@code m} under the bound name, once it is checked to be the image the publisher bound: size and SHA-256. */
    public Manifest check(Manifest m) throws ManifestFormatException {
        if (!binding.describes(m)) {
            throw new ManifestFormatException("manifest " + manifestId() + " is not the image its publisher bound '"
                    + binding.name() + "' to: its size or SHA-256 differ");
        }
        return m.withName(binding.name());
    }
}
