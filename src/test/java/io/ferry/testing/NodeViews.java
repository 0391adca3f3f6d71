package io.ferry.testing;

import io.ferry.api.PeerView;
import io.ferry.transfer.RemoteApi;
import java.util.List;

/** What a running node process says, asked over its operator socket (no CLI process per question). */
public final class NodeViews {
    private NodeViews() {
    }

    public static List<PeerView> peers(NodeProcess on) throws Exception {
        try (RemoteApi api = RemoteApi.local(on.data().resolve("ferry.sock"))) {
            return api.peers();
        }
    }

    /** What {@code on}'s membership says of {@code of} (alive, suspect, dead, left); null: not listed. */
    public static String state(NodeProcess on, NodeProcess of) throws Exception {
        return peers(on).stream().filter(p -> of.id().equals(p.node())).map(PeerView::state).findFirst().orElse(null);
    }

    /** Whether {@code on}'s table says {@code holder} holds image {@code image}. */
    public static boolean knows(NodeProcess on, String holder, String image) throws Exception {
        try (RemoteApi api = RemoteApi.local(on.data().resolve("ferry.sock"))) {
            return TableRows.relays(api, holder, image);
        }
    }
}
