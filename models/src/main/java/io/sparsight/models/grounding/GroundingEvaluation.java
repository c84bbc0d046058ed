package io.sparsight.models.grounding;

import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.VideoClip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Grounding as the literature measures it: each query against its whole video (one window from the first frame to
 * the last, sampled as the model samples), the predicted moment against the annotated one: R@1 at IoU 0.3, 0.5 and
 * 0.7 and mean IoU, in percent, and queries per second (sentence encoding, frame preparation and the model, all
 * counted).
 */
public final class GroundingEvaluation {

    /** The scores of one evaluation. */
    public record Result(int queries, double r1Iou03, double r1Iou05, double r1Iou07, double meanIou, double qps,
            double meanPresence) {}

    private GroundingEvaluation() {}

    /**
     * @param clips the videos, by id; every sample's video must be there
     * @param sentences sentence embeddings (e.g. {@code SentenceEncoder::sentence}, or a cache of it)
     * @param batch queries per model call
     */
    public static Result evaluate(GroundingPredictor predictor, Map<String, VideoClip> clips,
            List<GroundingSample> samples, Function<String, float[]> sentences, int batch) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no queries");
        }
        GroundingModel.Hyperparameters hp = predictor.hyperparameters();
        List<Moment> predicted = new ArrayList<>();
        List<Moment> truth = new ArrayList<>();
        double presence = 0;
        long start = System.nanoTime();
        for (int from = 0; from < samples.size(); from += batch) {
            List<GroundingSample> part = samples.subList(from, Math.min(samples.size(), from + batch));
            float[] windows = new float[part.size() * predictor.windowSize()];
            float[] text = new float[part.size() * hp.textDim()];
            int offset = 0;
            for (int i = 0; i < part.size(); i++) {
                GroundingSample sample = part.get(i);
                VideoClip clip = clip(clips, sample);
                offset = GroundingWindow.copy(clip.frames(),
                        GroundingWindow.sample(clip.fps(), clip.frames().size(), 0, clip.seconds(), hp.frames()),
                        windows, offset);
                System.arraycopy(sentences.apply(sample.sentence()), 0, text, i * hp.textDim(), hp.textDim());
            }
            List<GroundingPredictor.Prediction> answers = predictor.predict(windows, text, part.size());
            for (int i = 0; i < part.size(); i++) {
                VideoClip clip = clip(clips, part.get(i));
                predicted.add(answers.get(i).in(0, clip.seconds()));
                truth.add(part.get(i).moment());
                presence += answers.get(i).presence();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(truth.size(), GroundingMetrics.recallAt1(predicted, truth, 0.3),
                GroundingMetrics.recallAt1(predicted, truth, 0.5), GroundingMetrics.recallAt1(predicted, truth, 0.7),
                GroundingMetrics.meanIou(predicted, truth), truth.size() / seconds, presence / truth.size());
    }

    private static VideoClip clip(Map<String, VideoClip> clips, GroundingSample sample) {
        VideoClip clip = clips.get(sample.videoId());
        if (clip == null) {
            throw new IllegalArgumentException("no video '" + sample.videoId() + "' for the query '"
                    + sample.sentence() + "'");
        }
        return clip;
    }
}
