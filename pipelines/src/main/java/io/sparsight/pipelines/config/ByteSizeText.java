package io.sparsight.pipelines.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write them in config: {@code 512KiB}, {@code 64MiB}, {@code 10GiB} (powers of 1024), {@code 500MB},
 * {@code 2GB} (powers of 1000), or plain bytes.
 */
public final class ByteSizeText {

    private static final Pattern FORMAT = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(|b|kb|mb|gb|tb|kib|mib|gib|tib)\\s*$");
    private static final long KIB = 1024;

    private ByteSizeText() {}

    /** Bytes in the largest binary unit that is whole: 64MiB, 10GiB, 1000. */
    public static String format(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        long[] sizes = {KIB * KIB * KIB * KIB, KIB * KIB * KIB, KIB * KIB, KIB};
        for (int i = 0; i < units.length; i++) {
            if (bytes != 0 && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + units[i];
            }
        }
        return Long.toString(bytes);
    }

    public static long parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 512KiB, 64MiB, 10GiB or 500MB");
        }
        double value = Double.parseDouble(m.group(1));
        double bytes = switch (m.group(2)) {
            case "", "b" -> value;
            case "kb" -> value * 1e3;
            case "mb" -> value * 1e6;
            case "gb" -> value * 1e9;
            case "tb" -> value * 1e12;
            case "kib" -> value * KIB;
            case "mib" -> value * KIB * KIB;
            case "gib" -> value * KIB * KIB * KIB;
            default -> value * KIB * KIB * KIB * KIB;
        };
        return Math.round(bytes);
    }
}
