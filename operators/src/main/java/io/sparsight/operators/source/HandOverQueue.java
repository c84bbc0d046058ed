package io.sparsight.operators.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between a live camera's decode thread and the source reader. When processing falls behind,
 * the oldest waiting frame is dropped (and counted) so the newest frames get through with bounded latency; statuses
 * are bounded too ({@link #STATUS_CAPACITY}: the oldest waiting one is dropped and counted), so a camera that fails
 * in a loop while the reader is stuck cannot grow the queue. The camera thread never blocks on it.
 */
final class HandOverQueue {

    /** Statuses that may wait; a camera reports a few per reconnect, at most one discontinuity per 5 s. */
    static final int STATUS_CAPACITY = 64;

    private final int frameCapacity;
    private final ArrayDeque<ReaderItem> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private int frames;
    private int statuses;
    private long dropped;
    private long droppedStatuses;

    HandOverQueue(int frameCapacity) {
        this.frameCapacity = frameCapacity;
    }

    void put(ReaderItem item) {
        lock.lock();
        try {
            if (item.isFrame()) {
                if (frames >= frameCapacity) {
                    dropOldestFrame();
                }
                frames++;
            } else {
                if (statuses >= STATUS_CAPACITY) {
                    dropOldestStatus();
                }
                statuses++;
            }
            items.addLast(item);
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void dropOldestFrame() {
        Iterator<ReaderItem> it = items.iterator();
        while (it.hasNext()) {
            if (it.next().isFrame()) {
                it.remove();
                frames--;
                dropped++;
                return;
            }
        }
    }

    private void dropOldestStatus() {
        Iterator<ReaderItem> it = items.iterator();
        while (it.hasNext()) {
            if (!it.next().isFrame()) {
                it.remove();
                statuses--;
                droppedStatuses++;
                return;
            }
        }
    }

    /** Everything waiting, after waiting up to {@code timeoutMs} for the first item; empty when none came. */
    List<ReaderItem> drain(long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (items.isEmpty() && nanos > 0) {
                nanos = notEmpty.awaitNanos(nanos);
            }
            List<ReaderItem> out = new ArrayList<>(items);
            items.clear();
            frames = 0;
            statuses = 0;
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting {@link #drain} without adding anything. */
    void wakeUp() {
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Statuses dropped because {@link #STATUS_CAPACITY} were waiting. */
    long droppedStatuses() {
        lock.lock();
        try {
            return droppedStatuses;
        } finally {
            lock.unlock();
        }
    }

    long droppedFrames() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }
}
