package io.ferry.transfer;

import io.ferry.trust.NodeId;
import io.ferry.catalog.TableEntry;
import java.util.List;

/** The answer to {@code /v1/table}: the answering node and every entry it knows, its own first. */
public record TableSummary(NodeId node, String address, List<TableEntry> entries) {
}
