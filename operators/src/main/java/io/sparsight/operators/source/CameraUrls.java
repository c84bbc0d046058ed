package io.sparsight.operators.source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Camera URLs as they may be shown: credentials never leave this class. A URL's user information is everything
 * between {@code ://} and the last {@code @} before the path (as FFmpeg reads it: {@code rtsp://admin:p@ss@host} has
 * the password {@code p@ss}); query parameters that carry secrets ({@code ?password=}, {@code ?pwd=},
 * {@code ?token=}, ...) are credentials too.
 */
public final class CameraUrls {

    /** Scheme, then the user information up to the last {@code @} of the authority. */
    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)@");
    /** The same anywhere in a message (a URL ends at white space or a quote). */
    private static final Pattern USER_INFO_IN_TEXT =
            Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\\s'\"<>]*@");
    /** Query parameters whose values are secrets. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:password|passwd|pwd|pass|token|access_token|auth|authorization|key|api_key|apikey|secret"
                    + "|signature|sig)=)([^&#\\s'\"<>]*)");

    private CameraUrls() {}

    /**
     * The URL with any user information replaced by {@code ***} and the values of secret query parameters by
     * {@code ***}; non-URLs are returned unchanged.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(url);
        String redacted = m.find() ? m.replaceFirst(Matcher.quoteReplacement(m.group(1)) + "***@") : url;
        return hidesQuery(url) ? SECRET_PARAMETER.matcher(redacted).replaceAll("$1***") : redacted;
    }

    /** The password of a URL's {@code user:password@} part, or null when it has none. */
    public static String password(String url) {
        String userInfo = userInfo(url);
        if (userInfo == null) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? null : userInfo.substring(colon + 1);
    }

    /** The values of a URL's secret query parameters ({@code ?password=...}), in order. */
    public static List<String> secretParameters(String url) {
        List<String> values = new ArrayList<>();
        if (url != null && hidesQuery(url)) {
            Matcher m = SECRET_PARAMETER.matcher(url);
            while (m.find()) {
                if (!m.group(2).isEmpty()) {
                    values.add(m.group(2));
                }
            }
        }
        return values;
    }

    /**
     * A message, such as one from FFmpeg, with the raw URL, its user information and its secret parameter values
     * replaced, and any other URL's user information and secret parameters too.
     *
     * @param url the camera the message is about, or null when it is not known
     */
    public static String redactIn(String message, String url) {
        if (message == null) {
            return null;
        }
        String redacted = message;
        if (url != null) {
            redacted = redacted.replace(url, redact(url));
            String userInfo = userInfo(url);
            if (userInfo != null && !userInfo.isEmpty()) {
                redacted = redacted.replace(userInfo, "***");
            }
            for (String secret : secretParameters(url)) {
                redacted = redacted.replace(secret, "***");
            }
        }
        redacted = USER_INFO_IN_TEXT.matcher(redacted).replaceAll("$1***@");
        return SECRET_PARAMETER.matcher(redacted).replaceAll("$1***");
    }

    private static String userInfo(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(url);
        return m.find() ? m.group(2) : null;
    }

    /** Only URLs have queries: a file name with {@code ?key=} in it is shown as it is. */
    private static boolean hidesQuery(String url) {
        return url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }
}
