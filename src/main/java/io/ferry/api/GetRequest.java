package io.ferry.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@code get} is asked to do.
 *
 * @param path   absolute, on the node's machine: a file (created; an existing one only with {@code force})
 *               or a block device (written in place)
 * @param force  replace an existing regular file (never a seed of an image held, a link or a device node)
 * @param sha256 also compute the whole image's SHA-256, re-reading what was written, and check it
 *               against the manifest's when the manifest has one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GetRequest(String name, String path, boolean force, boolean sha256) {
}
