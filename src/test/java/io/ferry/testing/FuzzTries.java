package io.ferry.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * FuzzTries sets the tries of every property of a {@code *FuzzTest} from the system property
 * {@code ferry.fuzz.tries} (default 1000), so a long fuzzing run is {@code -Dferry.fuzz.tries=1000000}
 * without touching the code. Use with {@code @AddLifecycleHook(FuzzTries.class)}.
 */
public final class FuzzTries implements AroundPropertyHook {
    public static final String PROPERTY = "ferry.fuzz.tries";

    public static int tries() {
        return Integer.getInteger(PROPERTY, 1000);
    }

    /** Added to a test class, it applies to the class's properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.DIRECT_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(tries());
        return property.execute();
    }
}
