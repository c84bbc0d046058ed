package io.sparsight.operators.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * What to read for one camera and how to sample it: the input URL or path, the analysis rate and size, and for
 * files an optional playback speed (1.0 = as fast as the clip plays, as a live camera would deliver it).
 */
public final class CameraSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final String url;
    private final double analysisFps;
    private final int width;
    private final int height;
    private final int channels;
    private final double playbackSpeed;

    /**
     * @param id camera id: the Kafka key and the CloudEvents {@code source}
     * @param url file path or FFmpeg URL; may hold credentials, which are never shown
     * @param analysisFps frames per second to keep; 0 keeps every decoded frame
     * @param width analysis width in pixels (the decoder scales to it)
     * @param height analysis height in pixels
     * @param channels 1 for grey, 3 for BGR
     * @param playbackSpeed 0 reads as fast as possible; otherwise paces reading at this multiple of real time
     */
    public CameraSpec(
            String id, String url, double analysisFps, int width, int height, int channels, double playbackSpeed) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("camera id must not be empty");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("camera '" + id + "': url must not be empty");
        }
        if (analysisFps < 0) {
            throw new IllegalArgumentException("camera '" + id + "': analysis fps must be >= 0 (0 keeps every frame), got " + analysisFps);
        }
        if (width < 8 || height < 8 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("camera '" + id + "': analysis size must be between 8 and 4096 pixels a side, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("camera '" + id + "': channels must be 1 (grey) or 3 (BGR), got " + channels);
        }
        if (playbackSpeed < 0) {
            throw new IllegalArgumentException("camera '" + id + "': playback speed must be >= 0 (0 = as fast as possible), got " + playbackSpeed);
        }
        this.id = id;
        this.url = url;
        this.analysisFps = analysisFps;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.playbackSpeed = playbackSpeed;
    }

    /** A grey camera at the given rate and size, read as fast as possible. */
    public static CameraSpec grey(String id, String url, double analysisFps, int width, int height) {
        return new CameraSpec(id, url, analysisFps, width, height, 1, 0);
    }

    public CameraSpec withPlaybackSpeed(double speed) {
        return new CameraSpec(id, url, analysisFps, width, height, channels, speed);
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

    public double analysisFps() {
        return analysisFps;
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CameraSpec)) {
            return false;
        }
        CameraSpec that = (CameraSpec) o;
        return Double.compare(analysisFps, that.analysisFps) == 0
                && width == that.width
                && height == that.height
                && channels == that.channels
                && Double.compare(playbackSpeed, that.playbackSpeed) == 0
                && id.equals(that.id)
                && url.equals(that.url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, url, analysisFps, width, height, channels, playbackSpeed);
    }

    @Override
    public String toString() {
        return "CameraSpec{" + id + " " + displayUrl() + " " + analysisFps + "fps " + width + "x" + height + "x"
                + channels + (playbackSpeed > 0 ? " speed=" + playbackSpeed : "") + "}";
    }
}
