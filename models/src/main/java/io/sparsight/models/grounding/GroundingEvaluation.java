package io.sparsight.models.grounding;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sparsight.models.anomaly.RocAuc;
import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.VideoClip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Grounding as the literature measures it: each query against its whole video (one window from the first frame to
 * the last, sampled as the model samples), the predicted moment against the annotated one: R@1 at IoU 0.3, 0.5 and
 * 0.7 and mean IoU, in percent, and queries per second (sentence encoding, frame preparation and the model, all
 * counted). And, for streaming, how well presence tells a query's own video from another's.
 */
public final class GroundingEvaluation {

    /** The scores of one evaluation. */
    public record Result(int queries, double r1Iou03, double r1Iou05, double r1Iou07, double meanIou, double qps,
            double meanPresence) {}

    /**
     * How well presence separates a query on its own video from the same video asked with another video's sentence:
     * mean presence probability of each, and the ROC AUC (percent) between them.
     */
    public record PresenceResult(double meanOnOwnVideo, double meanOnOtherVideo, double auc) {}

    private GroundingEvaluation() {}

    /** Scores and, when the queries cover at least two videos, presence (null otherwise). */
    public record Report(Result scores, PresenceResult presence) {}

    /**
     * @param clips the videos, by id; every sample's video must be there
     * @param sentences sentence embeddings (e.g. {@code SentenceEncoder::sentence}, or a cache of it)
     * @param batch queries per model call
     */
    public static Result evaluate(GroundingModel predictor, Map<String, VideoClip> clips,
            List<GroundingSample> samples, Function<String, float[]> sentences, int batch) {
        return evaluate(predictor.model(), new PixelGrounding(predictor.hyperparameters(), clips), samples, sentences,
                batch);
    }

    /** {@link #evaluate} for a model of any family, over its network's videos. */
    public static Result evaluate(Model model, GroundingNetwork network, List<GroundingSample> samples,
            Function<String, float[]> sentences, int batch) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no queries");
        }
        long start = System.nanoTime();
        List<GroundingModel.Prediction> answers = predictAll(model, network, samples, sentences, batch);
        return scores(network, samples, answers, (System.nanoTime() - start) / 1e9);
    }

    /**
     * {@link #evaluate}, plus presence on each query's own video against presence on the same video with the
     * sentence of the next query (in list order) of another video; the own-video answers serve both. A sentence
     * that happens to fit that video too counts as a negative.
     */
    public static Report evaluateWithPresence(GroundingModel predictor, Map<String, VideoClip> clips,
            List<GroundingSample> samples, Function<String, float[]> sentences, int batch) {
        return evaluateWithPresence(predictor.model(), new PixelGrounding(predictor.hyperparameters(), clips),
                samples, sentences, batch);
    }

    /** {@link #evaluateWithPresence} for a model of any family, over its network's videos. */
    public static Report evaluateWithPresence(Model model, GroundingNetwork network, List<GroundingSample> samples,
            Function<String, float[]> sentences, int batch) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no queries");
        }
        long start = System.nanoTime();
        List<GroundingModel.Prediction> answers = predictAll(model, network, samples, sentences, batch);
        Result scores = scores(network, samples, answers, (System.nanoTime() - start) / 1e9);
        if (samples.stream().map(GroundingSample::videoId).distinct().count() < 2) {
            return new Report(scores, null);
        }
        List<GroundingSample> mismatched = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            GroundingSample own = samples.get(i);
            GroundingSample other = null;
            for (int k = 1; other == null; k++) {
                GroundingSample candidate = samples.get((i + k) % samples.size());
                if (!candidate.videoId().equals(own.videoId())) {
                    other = candidate;
                }
            }
            mismatched.add(new GroundingSample(own.videoId(), own.moment(), other.sentence(), own.videoDuration()));
        }
        double[] onOwn = presences(answers);
        double[] onOther = presences(predictAll(model, network, mismatched, sentences, batch));
        double[] all = new double[onOwn.length + onOther.length];
        boolean[] labels = new boolean[all.length];
        System.arraycopy(onOwn, 0, all, 0, onOwn.length);
        System.arraycopy(onOther, 0, all, onOwn.length, onOther.length);
        Arrays.fill(labels, 0, onOwn.length, true);
        return new Report(scores, new PresenceResult(Arrays.stream(onOwn).average().orElse(0),
                Arrays.stream(onOther).average().orElse(0), 100 * RocAuc.of(all, labels)));
    }

    private static Result scores(GroundingNetwork network, List<GroundingSample> samples,
            List<GroundingModel.Prediction> answers, double seconds) {
        List<Moment> predicted = new ArrayList<>();
        List<Moment> truth = new ArrayList<>();
        double presence = 0;
        for (int i = 0; i < samples.size(); i++) {
            predicted.add(answers.get(i).in(0, seconds(network, samples.get(i))));
            truth.add(samples.get(i).moment());
            presence += answers.get(i).presence();
        }
        return new Result(truth.size(), GroundingMetrics.recallAt1(predicted, truth, 0.3),
                GroundingMetrics.recallAt1(predicted, truth, 0.5), GroundingMetrics.recallAt1(predicted, truth, 0.7),
                GroundingMetrics.meanIou(predicted, truth), truth.size() / seconds, presence / truth.size());
    }

    /**
     * Each sample's predicted moment on its whole video (seconds) and presence, in order: for looking at the
     * answers one by one.
     */
    public static List<GroundingModel.Prediction> answers(Model model, GroundingNetwork network,
            List<GroundingSample> samples, Function<String, float[]> sentences, int batch) {
        List<GroundingModel.Prediction> fractions = predictAll(model, network, samples, sentences, batch);
        List<GroundingModel.Prediction> answers = new ArrayList<>(fractions.size());
        for (int i = 0; i < samples.size(); i++) {
            Moment m = fractions.get(i).in(0, seconds(network, samples.get(i)));
            answers.add(new GroundingModel.Prediction(m.start(), m.end(), fractions.get(i).presence()));
        }
        return answers;
    }

    /** Every sample's whole video asked with its sentence, {@code batch} at a time. */
    private static List<GroundingModel.Prediction> predictAll(Model model, GroundingNetwork network,
            List<GroundingSample> samples, Function<String, float[]> sentences, int batch) {
        List<GroundingModel.Prediction> answers = new ArrayList<>(samples.size());
        for (int from = 0; from < samples.size(); from += batch) {
            List<GroundingSample> part = samples.subList(from, Math.min(samples.size(), from + batch));
            List<VideoWindow> windows = new ArrayList<>(part.size());
            float[] text = new float[part.size() * network.textDim()];
            for (int i = 0; i < part.size(); i++) {
                windows.add(new VideoWindow(part.get(i).videoId(), 0, seconds(network, part.get(i))));
                System.arraycopy(sentences.apply(part.get(i).sentence()), 0, text, i * network.textDim(),
                        network.textDim());
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList inputs = network.windows(manager, windows);
                inputs.add(manager.create(text, new Shape(part.size(), network.textDim())));
                answers.addAll(GroundingModel.predictions(
                        model.getBlock().forward(new ParameterStore(manager, false), inputs, false), part.size()));
            }
        }
        return answers;
    }

    private static double[] presences(List<GroundingModel.Prediction> answers) {
        return answers.stream().mapToDouble(GroundingModel.Prediction::presence).toArray();
    }

    private static double seconds(GroundingNetwork network, GroundingSample sample) {
        try {
            return network.seconds(sample.videoId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no video '" + sample.videoId() + "' for the query '"
                    + sample.sentence() + "'", e);
        }
    }
}
