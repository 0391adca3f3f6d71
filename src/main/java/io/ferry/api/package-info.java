/**
 * The operator's verbs as one interface ({@link io.ferry.api.FerryApi}) and their results as records.
 * Each record is also its JSON shape, defined once: the CLI's {@code --json} output and the answer a
 * node gives its CLI over the wire are the same snake_case object. Depends on nothing but the JDK and
 * Jackson's annotations, so the CLI, the node and the wire can all share it.
 */
package io.ferry.api;
