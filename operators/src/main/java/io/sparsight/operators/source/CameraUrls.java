package io.sparsight.operators.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Camera URLs as they may be shown: credentials ({@code rtsp://user:pass@host/...}) never leave this class.
 */
public final class CameraUrls {

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@");
    private static final Pattern USER_INFO_VALUE = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://([^/@]*)@");

    private CameraUrls() {}

    /** The URL with any {@code user:password@} part replaced by {@code ***@}; non-URLs are returned unchanged. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(url);
        return m.find() ? m.replaceFirst(Matcher.quoteReplacement(m.group(1)) + "***@") : url;
    }

    /** The password of a URL's {@code user:password@} part, or null when it has none. */
    public static String password(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USER_INFO_VALUE.matcher(url);
        if (!m.find()) {
            return null;
        }
        int colon = m.group(1).indexOf(':');
        return colon < 0 ? null : m.group(1).substring(colon + 1);
    }

    /** Replaces every occurrence of the raw URL (and its password) in a message, such as one from FFmpeg. */
    public static String redactIn(String message, String url) {
        if (message == null || url == null) {
            return message;
        }
        String redacted = message.replace(url, redact(url));
        Matcher m = USER_INFO_VALUE.matcher(url);
        if (m.find() && !m.group(1).isEmpty()) {
            redacted = redacted.replace(m.group(1), "***");
        }
        return redacted;
    }
}
