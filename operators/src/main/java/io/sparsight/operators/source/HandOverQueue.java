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
 * the oldest waiting frame is dropped (and counted) so the newest frames get through with bounded latency; status
 * items are never dropped. The camera thread never blocks on it.
 */
final class HandOverQueue {

    private final int frameCapacity;
    private final ArrayDeque<ReaderItem> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private int frames;
    private long dropped;

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

    long droppedFrames() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }
}
