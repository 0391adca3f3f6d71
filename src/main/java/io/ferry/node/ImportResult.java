package io.ferry.node;

import io.ferry.catalog.ImageRecord;

/** ImportResult summarises one import. */
public record ImportResult(String name, String manifestId, long size, int chunks, long zeroBytes,
                           ImageRecord.Holding holding, long manifestBytes, double seconds) {
}
