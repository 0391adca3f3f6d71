package io.ferry.transfer;

import io.ferry.trust.NodeId;
import io.ferry.catalog.TableEntry;
import java.util.List;

/**
 * The answer to {@code /v1/table}: the answering node and every entry it knows, its own first. The
 * {@code node} and {@code address} fields are the answerer's unsigned word, for display and for noting
 * that it answered; only the signed facts in the entries count.
 */
public record TableSummary(NodeId node, String address, List<TableEntry> entries) {
    /** A summary without a node or a list of entries (or with a null in it) is malformed. */
    public TableSummary {
        java.util.Objects.requireNonNull(node, "node");
        entries = List.copyOf(entries);
    }
}
