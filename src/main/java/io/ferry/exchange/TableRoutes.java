package io.ferry.exchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.catalog.ClusterTable;
import io.ferry.catalog.FactFormatException;
import io.ferry.catalog.TableEntry;
import io.ferry.transfer.HttpExchange;
import io.ferry.transfer.HttpServer;
import io.ferry.transfer.Routes;
import io.ferry.transfer.TableSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * TableRoutes answers {@code /v1/table}: GET returns every entry this node knows, its own first, as the
 * signed facts they were received as; POST does the same after merging the caller's own entry (the push
 * half of push-pull), which the cluster table verifies like any other.
 */
final class TableRoutes implements Routes {
    private final Advertisement self;
    private final ClusterTable table;
    private final ObjectMapper json = new ObjectMapper();

    TableRoutes(Advertisement self, ClusterTable table) {
        this.self = self;
        this.table = table;
    }

    @Override
    public boolean serve(HttpExchange ex) throws IOException {
        if (!ex.path().equals("/v1/table") || !(ex.method().equals("GET") || ex.method().equals("POST"))) {
            return false;
        }
        if (ex.method().equals("POST")) {
            TableEntry caller;
            try {
                caller = TableEntry.parse(ex.body());
            } catch (FactFormatException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (ex.caller().verified() && !caller.node().equals(ex.caller().node())) {
                // the push half of push-pull is the caller's own entry; others' entries travel in answers
                throw new HttpServer.Forbidden(ex.caller().describe() + " pushed the entry of node " + caller.node());
            }
            table.merge(caller); // verified there, fact by fact
        }
        List<TableEntry> entries = new ArrayList<>();
        TableEntry mine = self.entry();
        if (mine != null) {
            entries.add(mine);
        }
        entries.addAll(table.entries());
        ex.respond(200, "application/json", json.writeValueAsBytes(new TableSummary(self.id(), self.address(), entries)));
        return true;
    }
}
