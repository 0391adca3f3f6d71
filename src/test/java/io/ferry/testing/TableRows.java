package io.ferry.testing;

import io.ferry.api.FerryApi;
import io.ferry.api.TableView;
import java.io.IOException;

/** What a node's {@code table --image} says of one holder, for tests that wait for the table to change. */
public final class TableRows {
    private TableRows() {
    }

    /** {@code holder}'s row in {@code api}'s table for {@code image}; null when the image is unknown there or the holder is not listed. */
    public static TableView.NodeRow row(FerryApi api, String holder, String image) throws IOException {
        TableView t;
        try {
            t = api.table(image, false);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown image")) {
                return null; // not known there yet (or no more)
            }
            throw e;
        }
        return t.nodes().stream().filter(r -> r.node().equals(holder)).findFirst().orElse(null);
    }

    /** Whether {@code api}'s table says {@code holder} relays the binding of {@code image}. */
    public static boolean relays(FerryApi api, String holder, String image) throws IOException {
        TableView.NodeRow r = row(api, holder, image);
        return r != null && r.relays();
    }

    /** Whether {@code api}'s table says {@code holder} holds {@code image} whole and relays its binding. */
    public static boolean complete(FerryApi api, String holder, String image) throws IOException {
        TableView.NodeRow r = row(api, holder, image);
        return r != null && r.relays() && r.complete();
    }
}
