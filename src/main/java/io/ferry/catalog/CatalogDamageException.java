package io.ferry.catalog;

import java.io.IOException;

/**
 * CatalogDamageException: the catalog and the image records disagree in a way the node will not guess
 * about: it cannot rebuild the catalog (a record's manifest is gone, a record is damaged and the catalog
 * has no row for it), or gc found them out of step. The message is one line naming the files concerned.
 */
public final class CatalogDamageException extends IOException {
    public CatalogDamageException(String message) {
        super(message);
    }
}
