package io.santkrupa.testing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Real report files of a chosen size, as a lab would upload them: a PDF that a viewer opens (pages
 * of result lines, a correct cross-reference table) and a PNG scan written by javax.imageio.
 * Seeded, so a failing test sees the same bytes again.
 */
public final class ReportFileContent {

    private ReportFileContent() {
    }

    /** A valid PDF of at least {@code minBytes}: as many pages of text lines as it takes. */
    public static byte[] pdf(int minBytes) {
        List<String> pages = new ArrayList<>();
        int size = 0;
        int line = 0;
        // a page of 60 result lines is about 3 KB of content stream; a small file gets fewer lines
        while (size < minBytes) {
            StringBuilder content = new StringBuilder("BT /F1 9 Tf 40 800 Td 12 TL\n");
            for (int i = 0; i < 60 && size + content.length() < minBytes; i++, line++) {
                content.append("(Sample ").append(line).append(": haemoglobin ")
                        .append(10 + line % 60 / 10.0).append(" g/dL, reference 12.0 - 15.5) Tj T*\n");
            }
            content.append("ET\n");
            pages.add(content.toString());
            size += content.length() + 200;
        }
        List<String> objects = new ArrayList<>();
        objects.add("<< /Type /Catalog /Pages 2 0 R >>");
        StringBuilder kids = new StringBuilder();
        for (int p = 0; p < pages.size(); p++) {
            kids.append(4 + 2 * p).append(" 0 R ");
        }
        objects.add("<< /Type /Pages /Kids [" + kids.toString().strip() + "] /Count " + pages.size() + " >>");
        objects.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        for (int p = 0; p < pages.size(); p++) {
            objects.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                    + " /Contents " + (5 + 2 * p) + " 0 R >>");
            String stream = pages.get(p);
            objects.add("<< /Length " + stream.getBytes(StandardCharsets.US_ASCII).length + " >>\nstream\n" + stream
                    + "endstream");
        }
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append("%010d 00000 n \n".formatted(offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A valid PNG of at least {@code minBytes}: a noisy greyscale scan, which no encoder shrinks much. */
    public static byte[] png(int minBytes) {
        Random random = new Random(minBytes);
        // noise compresses to about one byte per pixel
        int side = Math.max(16, (int) Math.ceil(Math.sqrt(minBytes * 1.3)));
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int grey = 128 + random.nextInt(128);
                image.getRaster().setSample(x, y, 0, grey);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] png = out.toByteArray();
        if (png.length < minBytes) {
            throw new IllegalStateException("a PNG of " + png.length + " bytes, wanted " + minBytes);
        }
        return png;
    }
}
