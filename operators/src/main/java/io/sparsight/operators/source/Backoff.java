package io.sparsight.operators.source;

import java.util.Random;

/** Reconnect delays: doubling from the initial delay up to the cap, each with up to +-20% random jitter. */
final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final Random random;
    private long nextBaseMs;

    Backoff(long initialMs, long maxMs, Random random) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
        this.nextBaseMs = initialMs;
    }

    /** The delay before the next attempt; each call doubles the base until the cap. */
    long nextDelayMs() {
        long base = nextBaseMs;
        nextBaseMs = Math.min(maxMs, nextBaseMs * 2);
        double jitter = 0.8 + 0.4 * random.nextDouble();
        return Math.min(maxMs, Math.max(1, Math.round(base * jitter)));
    }

    /** After a successful connection, start again from the initial delay. */
    void reset() {
        nextBaseMs = initialMs;
    }
}
