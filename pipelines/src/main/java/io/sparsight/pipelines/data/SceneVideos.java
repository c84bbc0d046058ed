package io.sparsight.pipelines.data;

import io.sparsight.models.data.SyntheticScene;
import io.sparsight.operators.source.FfmpegLog;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Writes a rendered {@link SyntheticScene} as an MPEG-4 file, every frame, at the scene's frame rate. */
public final class SceneVideos {

    static {
        FfmpegLog.install(); // FFmpeg's own log through SLF4J, not straight to stderr
    }

    private SceneVideos() {}

    public static void write(SyntheticScene scene, Path file) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), scene.width(), scene.height(), 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(scene.fps());
            recorder.setGopSize(10);
            recorder.setVideoQuality(3);
            recorder.start();
            Frame frame = new Frame(scene.width(), scene.height(), Frame.DEPTH_UBYTE, 3);
            ByteBuffer buffer = (ByteBuffer) frame.image[0];
            int rowBytes = scene.width() * 3;
            for (int i = 0; i < scene.frames(); i++) {
                byte[] bgr = scene.render(i);
                for (int y = 0; y < scene.height(); y++) {
                    buffer.position(y * frame.imageStride);
                    buffer.put(bgr, y * rowBytes, rowBytes);
                }
                buffer.rewind();
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
    }
}
