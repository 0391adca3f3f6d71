package io.ferry.executor;

import io.ferry.plan.Plan;

/** Discovery learns, into a plan, who holds what: called as a run starts and then every refresh interval. */
@FunctionalInterface
public interface Discovery {
    void refresh(Plan plan);
}
