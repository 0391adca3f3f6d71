package io.ferry.exchange;

import io.ferry.trust.NodeId;
import java.util.List;

/**
 * Contacts says which members are live, to talk to: the membership's alive members, or, without one,
 * every node in the table.
 */
@FunctionalInterface
public interface Contacts {
    /** A member to talk to: its id (null when only its address is known) and address. */
    record Contact(NodeId node, String address) {
    }

    /** The live members other than this node. */
    List<Contact> live();
}
