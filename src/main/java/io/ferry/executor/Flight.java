package io.ferry.executor;

import io.ferry.plan.Job;
import io.ferry.transfer.Call;
import java.util.concurrent.atomic.LongAdder;

/**
 * Flight is a request in flight: its job, the call that watches it, where its peer's wire bytes are
 * added up, and whether another peer has been asked for its chunks too (so it is asked of at most two).
 */
final class Flight {
    final Job job;
    final Call call;
    final LongAdder wire;
    boolean duplicated;

    Flight(Job job, Call call, LongAdder wire) {
        this.job = job;
        this.call = call;
        this.wire = wire;
    }

    /**
     * How long this request will still take, in milliseconds, at the rate it has shown so far (or at
     * {@code measured}, the peer's rate over earlier requests, before it has shown one); effectively
     * forever when it has brought nothing in a second.
     */
    double remainingMillis(long now, double measured) {
        long elapsed = now - call.startedMillis();
        long left = job.bytes() - call.delivered();
        double rate = elapsed >= 500 && call.delivered() > 0 ? call.delivered() / (double) elapsed : measured;
        if (rate <= 0) {
            return elapsed >= 1000 ? Double.MAX_VALUE : 0;
        }
        return left / rate;
    }
}
