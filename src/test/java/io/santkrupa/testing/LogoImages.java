package io.santkrupa.testing;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real logo images for the logo's tests: a green cross in a circle beside two letters, drawn here. */
public final class LogoImages {

    private LogoImages() {
    }

    public static byte[] png(int width, int height) {
        return encode(draw(width, height, BufferedImage.TYPE_INT_ARGB), "png");
    }

    public static byte[] jpeg(int width, int height) {
        return encode(draw(width, height, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    private static BufferedImage draw(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (type == BufferedImage.TYPE_INT_RGB) {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, width, height);
            }
            int d = Math.min(width, height) - 4;
            g.setColor(new Color(0x2e7d32));
            g.fillOval(2, 2, d, d);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(d / 7f));
            g.drawLine(2 + d / 2, 2 + d / 4, 2 + d / 2, 2 + 3 * d / 4);
            g.drawLine(2 + d / 4, 2 + d / 2, 2 + 3 * d / 4, 2 + d / 2);
            if (width > height) {
                g.setColor(new Color(0x1565c0));
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, height * 2 / 3));
                g.drawString("SK", d + 12, height * 3 / 4);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
