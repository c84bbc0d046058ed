package io.sparsight.pipelines.soak;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A PNG of memory over the soak's minutes: RSS, what of it is outside the JVM's heaps, and the heap used, in MB. */
final class MemoryChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 56;

    private MemoryChart() {}

    static Path write(SoakRun.MemorySamples memory, Path png) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int lastMinute = memory.rssMb.keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
        double top = memory.rssMb.values().stream().mapToDouble(Double::doubleValue).max().orElse(1) * 1.1;
        g.setColor(Color.GRAY);
        g.drawLine(MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN / 2, HEIGHT - MARGIN);
        g.drawLine(MARGIN, MARGIN / 2, MARGIN, HEIGHT - MARGIN);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            double mb = top * i / 4;
            int y = y(mb, top);
            g.drawString(String.format("%.0f", mb), 8, y + 4);
        }
        for (int m = 0; m <= lastMinute; m += Math.max(1, lastMinute / 10)) {
            g.drawString(Integer.toString(m), x(m, lastMinute) - 3, HEIGHT - MARGIN + 16);
        }
        g.drawString("minutes", WIDTH / 2 - 20, HEIGHT - 12);
        g.drawString("MB", 8, MARGIN / 2 - 6);
        line(g, memory.rssMb, lastMinute, top, new Color(0x1f77b4), "RSS", 0);
        line(g, memory.heapMb, lastMinute, top, new Color(0x2ca02c), "heap used", 1);
        line(g, memory.nativeMb, lastMinute, top, new Color(0xd62728), "outside the JVM's heaps", 2);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
        return png;
    }

    private static void line(Graphics2D g, Map<Integer, Double> mb, int lastMinute, double top, Color colour,
            String label, int row) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        Integer previous = null;
        for (Map.Entry<Integer, Double> e : mb.entrySet()) {
            if (previous != null) {
                g.drawLine(x(previous, lastMinute), y(mb.get(previous), top), x(e.getKey(), lastMinute),
                        y(e.getValue(), top));
            }
            previous = e.getKey();
        }
        legend(g, label, row);
    }

    /** The label of line {@code row} in one row above the plot, where no line can run under it. */
    private static void legend(Graphics2D g, String label, int row) {
        int x = MARGIN + 60 + 150 * row;
        int y = MARGIN / 2 - 10;
        g.drawLine(x, y - 4, x + 18, y - 4);
        g.drawString(label, x + 24, y);
    }

    private static int x(int minute, int lastMinute) {
        return MARGIN + (int) ((WIDTH - 1.5 * MARGIN) * minute / Math.max(1, lastMinute));
    }

    private static int y(double mb, double top) {
        return HEIGHT - MARGIN - (int) ((HEIGHT - 1.5 * MARGIN) * mb / top);
    }
}
