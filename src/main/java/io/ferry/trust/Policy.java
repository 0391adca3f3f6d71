package io.ferry.trust;

/**
 * Policy decides who may read which images and who may publish which names: a pure decision, asked by
 * the serving side for every request and by the planner for every source it considers. Without a
 * policy file every node with a cluster certificate may read every image and publish any name.
 */
public interface Policy {
    /** A decision and the rule that made it, in words fit for an error message. */
    record Decision(boolean allowed, String rule) {
    }

    Decision mayRead(Identity who, String image);

    Decision mayPublish(Identity who, String name);

    /** False only for the open policy, whose every answer is yes (callers may then skip the work of asking). */
    default boolean restricts() {
        return true;
    }

    /** Everyone may read everything and publish any name. */
    static Policy open() {
        Decision yes = new Decision(true, "no policy: every node may read every image and publish any name");
        return new Policy() {
            @Override
            public Decision mayRead(Identity who, String image) {
                return yes;
            }

            @Override
            public Decision mayPublish(Identity who, String name) {
                return yes;
            }

            @Override
            public boolean restricts() {
                return false;
            }
        };
    }
}
