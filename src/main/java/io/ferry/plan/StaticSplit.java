package io.ferry.plan;

import java.util.Random;

/**
 * StaticSplit gives chunks to peers by a fixed rule, for comparison with the {@link Scheduler}: at random
 * among the permitted holders, round-robin over them, or all to the one assumed fastest.
 */
final class StaticSplit {
    private StaticSplit() {
    }

    static int[] split(Problem pr, Strategy how) {
        int n = pr.chunks();
        int[] peerOf = new int[n];
        Random random = new Random(n);
        int turn = 0;
        for (int j = 0; j < n; j++) {
            int[] eligible = new int[pr.peers().size()];
            int e = 0;
            for (int p = 0; p < eligible.length; p++) {
                if (pr.eligible(p, j)) {
                    eligible[e++] = p;
                }
            }
            if (e == 0) {
                peerOf[j] = -1;
                continue;
            }
            peerOf[j] = switch (how) {
                case RANDOM -> eligible[random.nextInt(e)];
                case ROUND_ROBIN -> eligible[turn++ % e];
                default -> fastest(pr, eligible, e);
            };
        }
        return peerOf;
    }

    private static int fastest(Problem pr, int[] eligible, int e) {
        int best = eligible[0];
        for (int k = 1; k < e; k++) {
            if (pr.peers().get(eligible[k]).bytesPerSecond() > pr.peers().get(best).bytesPerSecond()) {
                best = eligible[k];
            }
        }
        return best;
    }
}
