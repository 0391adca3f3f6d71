package io.ferry.transfer;

import java.util.List;

/** Router hands a request to the first {@link Routes} that serves it; none: 404. */
public final class Router implements HttpServer.Handler {
    private final List<Routes> routes;

    public Router(List<Routes> routes) {
        this.routes = List.copyOf(routes);
    }

    @Override
    public void handle(HttpExchange ex) throws Exception {
        for (Routes r : routes) {
            if (r.serve(ex)) {
                return;
            }
        }
        throw new HttpServer.NotFound("no such resource: " + ex.method() + " " + ex.path());
    }
}
