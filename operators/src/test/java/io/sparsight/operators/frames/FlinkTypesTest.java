package io.sparsight.operators.frames;

import io.sparsight.operators.anomaly.FrameScore;
import io.sparsight.operators.anomaly.ObjectReading;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.SpanState;
import io.sparsight.operators.grounding.ControlMessage;
import io.sparsight.operators.grounding.OpenMoment;
import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.grounding.StandingQuery;
import io.sparsight.operators.grounding.WindowFrame;
import io.sparsight.operators.objects.TrackedFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything that crosses Flink or lives in its state is a POJO, so Flink never falls back to Kryo. */
class FlinkTypesTest {

    @Test
    void framesEventsAndSpanStateArePojos() {
        assertThat(TypeInformation.of(VideoFrame.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(EventRecord.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SpanState.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(FrameScore.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(ObjectReading.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void groundingStateAndControlMessagesArePojos() {
        for (Class<?> type : new Class<?>[] {ControlMessage.class, QueryCommand.class, StandingQuery.class,
                OpenMoment.class, WindowFrame.class, TrackedFrame.class}) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }
}
