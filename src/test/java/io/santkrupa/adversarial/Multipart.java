package io.santkrupa.adversarial;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A multipart/form-data body written byte by byte, so its parts can lie: a file name with any
 * bytes, a content type that is not the content's, a part's own Content-Length, no closing
 * boundary. {@link #lie} applies one of the upload lies a {@link Mutation} chooses.
 */
final class Multipart {

    record Part(byte[] name, byte[] fileName, String contentType, byte[] content, String extraHeader) {

        static Part text(String name, byte[] value) {
            return new Part(name.getBytes(StandardCharsets.UTF_8), null, null, value, null);
        }

        static Part file(String name, byte[] fileName, String contentType, byte[] content) {
            return new Part(name.getBytes(StandardCharsets.UTF_8), fileName, contentType, content, null);
        }
    }

    static final byte[] EXE = concat("MZ\u0090\u0000\u0003\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1),
            "This program cannot be run in DOS mode.\r\n$".getBytes(StandardCharsets.US_ASCII));
    static final byte[] HTML = "<html><body><script>alert(document.cookie)</script></body></html>".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SVG = ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>")
            .getBytes(StandardCharsets.US_ASCII);
    static final byte[] PDF = "%PDF-1.4\n% a report\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG_HEADER_ONLY = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Just over the documented 10 MB. */
    static final int TEN_MB_AND_ONE = 10 * 1024 * 1024 + 1;

    final List<Part> parts = new ArrayList<>();
    boolean unterminated;
    final String boundary = "fuzzboundary" + Long.toHexString(System.nanoTime());

    /** The text fields and the file of a valid upload. */
    static Multipart of(Map<String, String> fields, String fileField, String fileName, String contentType, byte[] content) {
        Multipart body = new Multipart();
        fields.forEach((name, value) -> body.parts.add(Part.text(name, value.getBytes(StandardCharsets.UTF_8))));
        if (fileField != null) {
            body.parts.add(Part.file(fileField, fileName.getBytes(StandardCharsets.UTF_8), contentType, content));
        }
        return body;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"");
            out.writeBytes(part.name());
            write(out, "\"");
            if (part.fileName() != null) {
                write(out, "; filename=\"");
                out.writeBytes(part.fileName());
                write(out, "\"");
            }
            write(out, "\r\n");
            if (part.contentType() != null) {
                write(out, "Content-Type: " + part.contentType() + "\r\n");
            }
            if (part.extraHeader() != null) {
                write(out, part.extraHeader() + "\r\n");
            }
            write(out, "\r\n");
            out.writeBytes(part.content());
            write(out, "\r\n");
        }
        if (!unterminated) {
            write(out, "--" + boundary + "--\r\n");
        }
        return out.toByteArray();
    }

    /** The file part (the last part with a file name), or null. */
    private int fileIndex() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (parts.get(i).fileName() != null) {
                return i;
            }
        }
        return -1;
    }

    /** One upload lie, chosen by {@code m.variant()}; returns what was done, for reports. */
    String lie(Mutation m, String fileField) {
        int file = fileIndex();
        if (file < 0) {
            parts.add(Part.file(fileField, "report.pdf".getBytes(StandardCharsets.UTF_8), "application/pdf", PDF));
            file = parts.size() - 1;
        }
        Part f = parts.get(file);
        byte[] hostileName = m.value().wire();
        switch (m.variant() % 18) {
            case 0 -> parts.set(file, new Part(f.name(), f.fileName(), f.contentType(), EXE, null));
            case 1 -> parts.set(file, new Part(f.name(), ascii("scan.png"), "image/png", HTML, null));
            case 2 -> parts.set(file, new Part(f.name(), ascii("scan.svg"), "image/svg+xml", SVG, null));
            case 3 -> parts.set(file, new Part(f.name(), ascii("../../../../etc/passwd"), f.contentType(), f.content(), null));
            case 4 -> parts.set(file, new Part(f.name(), ascii("..\\..\\windows\\system32\\report.pdf"), f.contentType(), f.content(), null));
            case 5 -> parts.set(file, new Part(f.name(), concat(hostileName, ascii(".pdf")), f.contentType(), f.content(), null));
            case 6 -> parts.set(file, new Part(f.name(), "report\u202Efdp.exe".getBytes(StandardCharsets.UTF_8), f.contentType(), f.content(), null));
            case 7 -> parts.set(file, new Part(f.name(), f.fileName(), f.contentType(), new byte[0], null));
            case 8 -> {
                byte[] big = new byte[TEN_MB_AND_ONE];
                System.arraycopy(f.content(), 0, big, 0, Math.min(f.content().length, big.length));
                parts.set(file, new Part(f.name(), f.fileName(), f.contentType(), big, null));
            }
            case 9 -> parts.add(Part.file(new String(f.name(), StandardCharsets.UTF_8), ascii("second.pdf"), "application/pdf", PDF));
            case 10 -> parts.remove(file);
            case 11 -> {
                List<Integer> texts = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i).fileName() == null && !new String(parts.get(i).name(), StandardCharsets.UTF_8).startsWith("_")) {
                        texts.add(i);
                    }
                }
                if (texts.isEmpty()) {
                    parts.add(0, Part.text("title", m.value().wire()));
                    return "a text part 'title' = " + m.value();
                }
                int t = texts.get(m.slot() % texts.size());
                Part p = parts.get(t);
                parts.set(t, new Part(p.name(), null, null, m.value().wire(), null));
                return "the text part '" + new String(p.name(), StandardCharsets.UTF_8) + "' = " + m.value();
            }
            case 12 -> parts.set(file, new Part(f.name(), f.fileName(), f.contentType(), f.content(), "Content-Length: 3"));
            case 13 -> unterminated = true;
            case 14 -> parts.set(file, new Part(f.name(), ascii("a".repeat(5_000) + ".pdf"), f.contentType(), f.content(), null));
            case 15 -> parts.set(file, new Part(f.name(), f.fileName(), new String(hostileName, StandardCharsets.ISO_8859_1)
                    .replace("\r", "").replace("\n", ""), f.content(), null));
            case 16 -> parts.set(file, new Part(f.name(), ascii("scan.png"), "image/png", PDF, null));
            default -> parts.set(file, new Part(f.name(), ascii("report.pdf"), "application/pdf", PNG_HEADER_ONLY, null));
        }
        return LIES[m.variant() % 18] + (m.variant() % 18 == 5 || m.variant() % 18 == 15 ? " " + m.value() : "");
    }

    private static final String[] LIES = {"an executable as the declared type", "HTML with a script as image/png",
            "an SVG with scripts", "the file name ../../../../etc/passwd", "a Windows path as the file name",
            "a hostile file name", "a right-to-left override in the file name", "an empty file", "a file of 10 MB and one byte",
            "two files", "no file", "", "a part's Content-Length that lies", "no closing boundary", "a 5,000-character file name",
            "a hostile content type", "a PDF named and typed as PNG", "a PNG's signature alone typed as PDF"};

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
