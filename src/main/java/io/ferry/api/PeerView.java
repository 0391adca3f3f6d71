package io.ferry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * PeerView is one node this node knows, or a configured peer address it has not heard from (then
 * {@code node} is null and only the address and reachability are known).
 *
 * @param reachable whether the last exchange with it worked; null when none was tried
 * @param site      the site its certificate names (null: none)
 * @param state     alive, suspect, dead or left, as the membership says; without it, alive or unreachable by the
 *                  last exchange; null: never tried
 * @param bytes     the size of the images it holds whole
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PeerView(String node, String address, @JsonInclude(JsonInclude.Include.NON_NULL) Long version,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer images,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long lastSeenMsAgo, Boolean reachable,
                       String site, String state, @JsonInclude(JsonInclude.Include.NON_NULL) Long bytes) {
}
