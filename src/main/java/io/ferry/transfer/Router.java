package io.ferry.transfer;

import java.time.Clock;
import java.util.List;

/**
 * Router hands a request to the first {@link Routes} that serves it; none: 404. A request a route
 * refuses as malformed (IllegalArgumentException, answered 400) is reported to {@link BadRequests}.
 */
public final class Router implements HttpServer.Handler {
    private final List<Routes> routes;
    private final BadRequests bad;

    /** A router whose bad-request warnings are timed by the system clock. */
    public Router(List<Routes> routes) {
        this(routes, new BadRequests(Clock.systemUTC()));
    }

    public Router(List<Routes> routes, BadRequests bad) {
        this.routes = List.copyOf(routes);
        this.bad = bad;
    }

    @Override
    public void handle(HttpExchange ex) throws Exception {
        try {
            for (Routes r : routes) {
                if (r.serve(ex)) {
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            bad.report(ex.remote(), ex.method() + " " + ex.path(), String.valueOf(e.getMessage()));
            throw e;
        }
        throw new HttpServer.NotFound("no such resource: " + ex.method() + " " + ex.path());
    }
}
