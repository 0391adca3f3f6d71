package io.ferry.transfer;

/**
 * Routes answer the requests of one part of the protocol: the chunk server, the table exchange, the
 * operator's API. A {@link Router} asks each in turn.
 */
@FunctionalInterface
public interface Routes {
    /** Answers {@code ex} and returns true, or returns false when the request is not one of these routes. */
    boolean serve(HttpExchange ex) throws Exception;
}
