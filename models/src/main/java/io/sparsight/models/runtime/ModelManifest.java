package io.sparsight.models.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code model.json} of a model artifact: what the model is (architecture and its hyperparameters, input size),
 * how it was trained (data, epochs, seed, time, command) and what it scored. A model artifact is a folder holding
 * this file and the DJL parameter file {@code <name>-0000.params}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class ModelManifest {

    /** The artifact's name; also the prefix of its parameter file. */
    public String name;
    /** Which architecture the parameters belong to, e.g. {@code sffm-frame-predictor}. */
    public String architecture;
    /** Version of the architecture's layout; parameters of another version do not load. */
    public int architectureVersion = 1;
    public Input input = new Input();
    /** Architecture hyperparameters (widths, depths, expert counts...). */
    public Map<String, Object> hyperparameters = new LinkedHashMap<>();
    public Training training = new Training();
    /** Statistics measured on the training data that scoring needs, e.g. the PSNR of normal frames. */
    public Map<String, Object> calibration = new LinkedHashMap<>();
    /** Evaluation results, e.g. {@code {"ped2_micro_auc": 95.3}}. */
    public Map<String, Object> scores = new LinkedHashMap<>();

    /** The input the model expects. */
    public static class Input {
        public int width;
        public int height;
        public int channels = 1;
        /** Frames of context per prediction. */
        public int frames = 1;
    }

    /** How the parameters were produced. */
    public static class Training {
        public String data;
        public int epochs;
        public long seed;
        public double seconds;
        public String date;
        /** The command that trained it, to be run again. */
        public String command;
    }
}
