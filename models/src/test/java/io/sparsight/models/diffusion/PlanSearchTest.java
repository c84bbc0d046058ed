package io.sparsight.models.diffusion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PlanSearchTest {

    @TempDir
    Path dir;

    /** 2 layers of 2 heads; each head's error of every pattern against dense, in enum order. */
    private static double[][][] errors() {
        double[][][] mse = new double[2][2][AttentionPattern.values().length];
        for (double[][] layer : mse) {
            for (double[] head : layer) {
                for (AttentionPattern p : AttentionPattern.values()) {
                    head[p.ordinal()] = p == AttentionPattern.DENSE ? 0 : p == AttentionPattern.SKIP ? 0.5 : 0.01;
                }
            }
        }
        mse[0][1][AttentionPattern.SPATIAL.ordinal()] = 0.001; // this head is nearly spatial
        return mse;
    }

    private static Map<AttentionPattern, Double> densityWork(int frames, int patches) {
        Map<AttentionPattern, Double> work = new EnumMap<>(AttentionPattern.class);
        for (AttentionPattern p : AttentionPattern.values()) {
            work.put(p, p.density(frames, patches));
        }
        return work;
    }

    @Test
    void aTinyEpsilonKeepsEveryHeadDense() {
        AttentionPlan plan = new PlanSearch(0.01, 1e-9).choose(errors(), densityWork(4, 16));
        assertThat(plan).isEqualTo(AttentionPlan.dense(2, 2));
    }

    @Test
    void aHugeLambdaSkipsHeads() {
        AttentionPlan plan = new PlanSearch(1e6, 1.0).choose(errors(), densityWork(4, 16));
        assertThat(plan.shares().get(AttentionPattern.SKIP)).isEqualTo(1.0);
    }

    @Test
    void eachHeadTakesTheCheapestCandidateWithinEpsilon() {
        // 4 frames: spatial, stripe and temporal-ish patterns do a quarter or less of the work
        AttentionPlan plan = new PlanSearch(0.01, 0.01).choose(errors(), densityWork(4, 16));
        AttentionPattern[][] patterns = plan.patterns();
        assertThat(patterns[0][1]).isEqualTo(AttentionPattern.SPATIAL);
        assertThat(plan.density(4, 16)).isLessThan(1.0);
        double cost = new PlanSearch(0.01, 0.01).cost(0.001, AttentionPattern.SPATIAL.density(4, 16));
        assertThat(cost).isCloseTo(0.001 + 0.01 * 0.25, within(1e-12));
    }

    @Test
    void aPlanRoundTripsThroughItsJsonInTheModelFolder() throws Exception {
        AttentionPlan plan = new AttentionPlan(new AttentionPattern[][] {
                {AttentionPattern.DENSE, AttentionPattern.STRIPE}, {AttentionPattern.SKIP, AttentionPattern.SPATIAL}});
        plan.write(dir);
        assertThat(AttentionPlan.read(dir)).isEqualTo(plan);
        assertThat(plan.toJson()).contains("\"stripe\"").contains("\"shares\"");
        assertThat(plan.shares().get(AttentionPattern.DENSE)).isEqualTo(0.25);
        assertThatThrownBy(() -> AttentionPlan.fromJson("{\"layers\": [[\"diagonal-ish\"]]}"))
                .hasMessageContaining("layer 0, head 0: no pattern 'diagonal-ish'");
        assertThatThrownBy(() -> AttentionPlan.fromJson("{}")).hasMessageContaining("needs \"layers\"");
    }
}
