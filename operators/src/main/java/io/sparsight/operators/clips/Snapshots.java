package io.sparsight.operators.clips;

import io.sparsight.operators.frames.VideoFrame;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** A frame as a JPEG, with boxes drawn on it. */
public final class Snapshots {

    private static final Color BOX = new Color(255, 196, 0);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Snapshots() {}

    public static byte[] jpeg(VideoFrame frame, List<ClipSpan.Box> boxes) {
        BufferedImage image = new BufferedImage(frame.width, frame.height,
                frame.channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(frame.pixels, 0, pixels, 0, Math.min(pixels.length, frame.pixels.length));
        if (!boxes.isEmpty()) {
            if (frame.channels == 1) {
                BufferedImage colour = new BufferedImage(frame.width, frame.height, BufferedImage.TYPE_3BYTE_BGR);
                colour.getGraphics().drawImage(image, 0, 0, null);
                image = colour;
            }
            draw(image, boxes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Boxes only: text would need fonts, which a bare JVM may not have. */
    private static void draw(BufferedImage image, List<ClipSpan.Box> boxes) {
        Graphics2D g = image.createGraphics();
        try {
            g.setStroke(new BasicStroke(Math.max(2f, image.getWidth() / 160f)));
            g.setColor(BOX);
            for (ClipSpan.Box box : boxes) {
                g.drawRect((int) Math.round(box.x1()), (int) Math.round(box.y1()),
                        (int) Math.round(box.x2() - box.x1()), (int) Math.round(box.y2() - box.y1()));
            }
        } finally {
            g.dispose();
        }
    }
}
