package io.ferry.transfer;

import io.ferry.catalog.TableEntry;
import java.util.List;

/** The answer to {@code /v1/table}: the answering node and every entry it knows, its own first. */
public record TableSummary(String node, String address, List<TableEntry> entries) {
}
