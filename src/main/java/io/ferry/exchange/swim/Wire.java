package io.ferry.exchange.swim;

import io.ferry.trust.NodeId;
import java.util.function.Consumer;

/**
 * Wire carries {@link Swim}'s requests: {@code m} to the member {@code to} at {@code address} ({@code to}
 * null when only the address is known, as for a seed). The callee's answer, if one arrives, is handed to
 * {@code onReply} (null when the wire knows the call failed); a lost message or a dead callee never calls
 * back, and Swim notices through its own timers. The driver calls {@code onReply} back into Swim on the
 * thread that serialises every call into it.
 */
public interface Wire {
    void call(NodeId to, String address, SwimMessage m, Consumer<SwimMessage> onReply);
}
