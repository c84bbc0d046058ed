package io.sparsight.operators.source;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to read for one camera and how: the input URL or path, how frames are sampled, the analysis size and pixel
 * format, FFmpeg options, for files an optional playback speed, and for live inputs how they are watched.
 * Build with {@link #builder(String, String)}; the URL may hold credentials, which are never shown.
 */
public final class CameraSpec implements Serializable {

    private static final long serialVersionUID = 2L;

    /** What a camera gets when it sets nothing else: 5 frames a second, 224x224, grey. */
    public static final Sampling DEFAULT_SAMPLING = Sampling.fps(5);
    public static final int DEFAULT_WIDTH = 224;
    public static final int DEFAULT_HEIGHT = 224;
    public static final int DEFAULT_CHANNELS = 1;

    private final String id;
    private final String url;
    private final Sampling sampling;
    private final int width;
    private final int height;
    private final int channels;
    private final double playbackSpeed;
    private final TreeMap<String, String> ffmpegOptions;
    private final LiveSettings live;
    private final int decoderThreads;

    private CameraSpec(Builder b) {
        if (b.id == null || b.id.isBlank()) {
            throw new IllegalArgumentException("camera id must not be empty");
        }
        if (b.url == null || b.url.isBlank()) {
            throw new IllegalArgumentException("camera '" + b.id + "': url must not be empty");
        }
        if (b.width < 8 || b.height < 8 || b.width > 4096 || b.height > 4096) {
            throw new IllegalArgumentException("camera '" + b.id + "': analysis size must be between 8 and 4096 pixels a side, got "
                    + b.width + "x" + b.height);
        }
        if (b.channels != 1 && b.channels != 3) {
            throw new IllegalArgumentException("camera '" + b.id + "': channels must be 1 (grey) or 3 (BGR), got " + b.channels);
        }
        if (b.playbackSpeed < 0) {
            throw new IllegalArgumentException("camera '" + b.id + "': playback speed must be >= 0 (0 = as fast as possible), got "
                    + b.playbackSpeed);
        }
        this.id = b.id;
        this.url = b.url;
        this.sampling = Objects.requireNonNull(b.sampling, "sampling");
        this.width = b.width;
        this.height = b.height;
        this.channels = b.channels;
        this.playbackSpeed = b.playbackSpeed;
        this.ffmpegOptions = new TreeMap<>(b.ffmpegOptions);
        this.live = Objects.requireNonNull(b.live, "live settings");
        if (b.decoderThreads < 0) {
            throw new IllegalArgumentException("camera '" + b.id + "': decoder threads must be >= 0 (0 = automatic), got "
                    + b.decoderThreads);
        }
        this.decoderThreads = b.decoderThreads;
    }

    public static Builder builder(String id, String url) {
        return new Builder(id, url);
    }

    /** A grey camera at a fixed analysis rate (0 = every frame) and size, read as fast as possible. */
    public static CameraSpec grey(String id, String url, double analysisFps, int width, int height) {
        return builder(id, url).sampling(Sampling.fps(analysisFps)).size(width, height).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(id, url);
        b.sampling = sampling;
        b.width = width;
        b.height = height;
        b.channels = channels;
        b.playbackSpeed = playbackSpeed;
        b.ffmpegOptions.putAll(ffmpegOptions);
        b.live = live;
        b.decoderThreads = decoderThreads;
        return b;
    }

    public CameraSpec withPlaybackSpeed(double speed) {
        return toBuilder().playbackSpeed(speed).build();
    }

    public String id() {
        return id;
    }

    /** The raw URL, credentials included: only for opening the input. Show {@link #displayUrl()} instead. */
    public String url() {
        return url;
    }

    public String displayUrl() {
        return CameraUrls.redact(url);
    }

    public InputKind kind() {
        return InputKind.of(url);
    }

    public Sampling sampling() {
        return sampling;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    public double playbackSpeed() {
        return playbackSpeed;
    }

    /** FFmpeg demuxer/protocol options set by the user; they override Sparsight's defaults. */
    public Map<String, String> ffmpegOptions() {
        return Collections.unmodifiableMap(ffmpegOptions);
    }

    public LiveSettings live() {
        return live;
    }

    /** Threads FFmpeg's decoder may use for this camera; 0 lets FFmpeg choose (one per core). */
    public int decoderThreads() {
        return decoderThreads;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CameraSpec)) {
            return false;
        }
        CameraSpec that = (CameraSpec) o;
        return width == that.width
                && height == that.height
                && channels == that.channels
                && Double.compare(playbackSpeed, that.playbackSpeed) == 0
                && id.equals(that.id)
                && url.equals(that.url)
                && sampling.equals(that.sampling)
                && ffmpegOptions.equals(that.ffmpegOptions)
                && live.equals(that.live)
                && decoderThreads == that.decoderThreads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, url, sampling, width, height, channels, playbackSpeed, ffmpegOptions, live, decoderThreads);
    }

    @Override
    public String toString() {
        return "CameraSpec{" + id + " " + displayUrl() + " " + sampling + " " + width + "x" + height + "x" + channels
                + (playbackSpeed > 0 ? " speed=" + playbackSpeed : "") + "}";
    }

    /** Builds a {@link CameraSpec}; {@link #build()} checks every field and says what is wrong. */
    public static final class Builder {
        private final String id;
        private final String url;
        private Sampling sampling = DEFAULT_SAMPLING;
        private int width = DEFAULT_WIDTH;
        private int height = DEFAULT_HEIGHT;
        private int channels = DEFAULT_CHANNELS;
        private double playbackSpeed;
        private final TreeMap<String, String> ffmpegOptions = new TreeMap<>();
        private LiveSettings live = LiveSettings.defaults();
        private int decoderThreads;

        private Builder(String id, String url) {
            this.id = id;
            this.url = url;
        }

        public Builder sampling(Sampling sampling) {
            this.sampling = sampling;
            return this;
        }

        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** 1 for grey, 3 for BGR. */
        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder playbackSpeed(double speed) {
            this.playbackSpeed = speed;
            return this;
        }

        public Builder ffmpegOption(String key, String value) {
            this.ffmpegOptions.put(key, value);
            return this;
        }

        public Builder live(LiveSettings live) {
            this.live = live;
            return this;
        }

        /** 0 (the default) lets FFmpeg choose. */
        public Builder decoderThreads(int threads) {
            this.decoderThreads = threads;
            return this;
        }

        public CameraSpec build() {
            return new CameraSpec(this);
        }
    }
}
