package io.ferry.executor;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * RunLoop drives a {@link Run} on the caller's thread: it waits for requests to end (or for the run's
 * next tick) and hands each ending to the run, until the run stops. The requests' threads only put
 * their endings in its queue.
 */
final class RunLoop {
    private final BlockingQueue<Finished> events = new LinkedBlockingQueue<>();

    /** Where the requests report their endings. */
    void ended(Finished f) {
        events.add(f);
    }

    RunResult go(Run run) throws IOException {
        run.begin();
        while (run.advance()) {
            run.after(next(run.waitMillis()));
        }
        while (run.failing() && run.running() > 0) {
            run.handle(next(Long.MAX_VALUE)); // the requests still out end before the failure is reported
        }
        return run.end();
    }

    private Finished next(long waitMillis) throws InterruptedIOException {
        try {
            return events.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("delivery interrupted");
        }
    }
}
