package io.ferry.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.io.IOException;
import java.util.List;

/**
 * TableEntry is what node X says, as exchanged (the unit of push-pull): X's signed {@code address}
 * fact, whose version is the entry's version; the image bindings X relays, each signed by its publisher
 * (X's own imports, and the publishers' facts of images it fetched); and X's signed holdings, one fact
 * per segment of a manifest. Nobody signs the entry as a whole: a relay passes entries on but cannot
 * forge or alter a fact in them. Facts are kept as received so they can be relayed unchanged; what they
 * say is read through {@link KnownNode}.
 */
public record TableEntry(SignedFact address, List<SignedFact> bindings, List<SignedFact> holdings) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TableEntry {
        whole(address);
        bindings = List.copyOf(bindings);
        holdings = List.copyOf(holdings);
        bindings.forEach(TableEntry::whole);
        holdings.forEach(TableEntry::whole);
    }

    private static void whole(SignedFact f) {
        if (f == null || f.origin() == null || f.kind() == null || f.payload() == null || f.signature() == null
                || f.certificate() == null) {
            throw new IllegalArgumentException("a fact with a field missing");
        }
    }

    /** The node the entry is about. */
    /** Every fact of the entry in the order it is stored: the address, the bindings, the holdings. */
    public List<SignedFact> facts() {
        List<SignedFact> out = new java.util.ArrayList<>(1 + bindings.size() + holdings.size());
        out.add(address);
        out.addAll(bindings);
        out.addAll(holdings);
        return out;
    }

    public NodeId node() {
        return address.origin();
    }

    /** The entry's version: its address fact's. */
    public long version() {
        return address.version();
    }

    /** Reads an entry from its JSON (the body a peer pushes); FactFormatException for anything malformed. */
    public static TableEntry parse(byte[] json) throws FactFormatException {
        try {
            TableEntry e = JSON.readValue(json, TableEntry.class);
            if (e == null) {
                throw new FactFormatException("no table entry");
            }
            return e;
        } catch (IOException | RuntimeException e) {
            throw e instanceof FactFormatException f ? f : new FactFormatException("the table entry does not decode: "
                    + e.getMessage(), e);
        }
    }
}
