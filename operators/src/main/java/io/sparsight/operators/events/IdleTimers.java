package io.sparsight.operators.events;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * A camera's idle timers in a keyed function that keeps spans open. The event-time one fires when the camera's
 * frames stopped while event time went on (other cameras kept sending, or the input ended). A live camera also gets
 * one in wall-clock time: when every camera is out at once, event time stands still and only the wall clock says
 * that the camera went quiet. Every frame moves both to {@code idleClose} after it, rounded up to a whole second so
 * that most frames find them in place (a span closes at most a second later than asked); whichever fires first is
 * the camera going idle, and the other is cancelled.
 *
 * <p>Files never get the wall-clock timer: a replay is decided by event time alone, so it gives the same spans.
 */
public final class IdleTimers {

    private final ValueState<Long> eventTimer;
    private final ValueState<Long> wallClockTimer;

    /** @param stateName the name of the event-time timer's state (the wall-clock one's adds "-wall-clock") */
    public IdleTimers(RuntimeContext context, String stateName) {
        eventTimer = context.getState(new ValueStateDescriptor<>(stateName, Types.LONG));
        wallClockTimer = context.getState(new ValueStateDescriptor<>(stateName + "-wall-clock", Types.LONG));
    }

    /**
     * Moves the current camera's timers to {@code idleCloseMs} after a frame captured at {@code captureTimeMs}
     * (event time) and after now (wall clock, live cameras only).
     */
    public void rearm(TimerService timers, long captureTimeMs, boolean live, long idleCloseMs) throws IOException {
        move(eventTimer, roundedUp(captureTimeMs + idleCloseMs), timers::deleteEventTimeTimer,
                timers::registerEventTimeTimer);
        if (live) {
            move(wallClockTimer, roundedUp(timers.currentProcessingTime() + idleCloseMs),
                    timers::deleteProcessingTimeTimer, timers::registerProcessingTimeTimer);
        }
    }

    /** Moves one timer to {@code due} (nothing to do when it is there already). */
    private static void move(ValueState<Long> timer, long due, LongConsumer delete, LongConsumer register)
            throws IOException {
        Long current = timer.value();
        if (current != null && current == due) {
            return;
        }
        if (current != null) {
            delete.accept(current);
        }
        register.accept(due);
        timer.update(due);
    }

    /**
     * Called when one of the current camera's timers fires (the camera went idle): cancels the other one.
     *
     * @return whether the timer that fired is still one of this camera's (a function with other timers of its own
     *     checks this before treating it as idleness)
     */
    public boolean fired(TimerService timers, TimeDomain domain, long timestamp) throws IOException {
        Long event = eventTimer.value();
        Long wall = wallClockTimer.value();
        boolean ours = domain == TimeDomain.EVENT_TIME ? event != null && event == timestamp
                : wall != null && wall == timestamp;
        if (!ours) {
            return false;
        }
        if (domain == TimeDomain.EVENT_TIME && wall != null) {
            timers.deleteProcessingTimeTimer(wall);
        } else if (domain == TimeDomain.PROCESSING_TIME && event != null) {
            timers.deleteEventTimeTimer(event);
        }
        eventTimer.clear();
        wallClockTimer.clear();
        return true;
    }

    private static long roundedUp(long ms) {
        return Math.floorDiv(ms + 999, 1000) * 1000;
    }
}
