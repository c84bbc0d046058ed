package io.sparsight.operators.source;

import io.sparsight.operators.frames.NativeLibraries;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes FFmpeg's own log lines to SLF4J (logger {@code ffmpeg}) with camera credentials redacted, and counts the
 * error lines each camera thread causes, which is how damaged input (corrupt packets, broken frames) is noticed:
 * FFmpeg conceals such damage and keeps decoding, so it never reaches us as an exception.
 */
public final class FfmpegLog {

    static {
        NativeLibraries.ffmpeg(); // before the callback below touches FFmpeg's classes
    }

    private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");

    /** The camera a thread decodes for, and the FFmpeg errors it has caused. */
    private static final class ThreadContext {
        String cameraId;
        String url;
        long errors;
    }

    private static final ThreadLocal<ThreadContext> CONTEXT = ThreadLocal.withInitial(ThreadContext::new);
    /** Passwords and secret query values of the cameras bound in this JVM (a few per camera; never removed). */
    private static final Set<String> KNOWN_SECRETS = ConcurrentHashMap.newKeySet();

    private static final LogCallback CALLBACK = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
            if (level > avutil.AV_LOG_WARNING) {
                return;
            }
            ThreadContext context = CONTEXT.get();
            String text = CameraUrls.redactIn(message.getString().strip(), context.url);
            if (context.url == null) {
                text = withoutKnownSecrets(text); // a decoder worker thread: any camera's secret may be in it
            }
            // Decoder worker threads belong to no camera; their lines are logged without one.
            String camera = context.cameraId == null ? "" : "camera " + context.cameraId + ": ";
            if (level <= avutil.AV_LOG_ERROR) {
                context.errors++;
                LOG.warn("{}{}", camera, text);
            } else {
                LOG.debug("{}{}", camera, text);
            }
        }
    }.retainReference();

    private static boolean installed;

    private FfmpegLog() {}

    /** Installs the callback once per JVM. */
    public static synchronized void install() {
        if (!installed) {
            avutil.av_log_set_level(avutil.AV_LOG_WARNING);
            avutil.setLogCallback(CALLBACK);
            installed = true;
        }
    }

    /** Marks the calling thread as decoding for this camera, and remembers the camera's secrets for other threads. */
    static void bindThread(String cameraId, String url) {
        ThreadContext context = CONTEXT.get();
        context.cameraId = cameraId;
        context.url = url;
        String password = CameraUrls.password(url);
        if (password != null && !password.isEmpty()) {
            KNOWN_SECRETS.add(password);
        }
        KNOWN_SECRETS.addAll(CameraUrls.secretParameters(url));
    }

    /** A line with every secret of every camera bound so far replaced by {@code ***}. */
    static String withoutKnownSecrets(String text) {
        String redacted = text;
        for (String secret : KNOWN_SECRETS) {
            redacted = redacted.replace(secret, "***");
        }
        return redacted;
    }

    /** FFmpeg error lines logged on the calling thread so far. */
    static long errorsOnThisThread() {
        return CONTEXT.get().errors;
    }
}
