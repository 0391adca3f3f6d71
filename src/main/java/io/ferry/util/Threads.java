package io.ferry.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads makes the daemon threads Ferry's pools run on, named for what they do. */
public final class Threads {
    private Threads() {
    }

    /**
     * A factory of daemon threads named {@code ferry-NAME-N}: daemon so that a stuck worker never keeps
     * a CLI process alive after its verb is done.
     */
    public static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ferry-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts {@code task} on a new daemon thread named {@code ferry-NAME}. */
    public static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, "ferry-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
