package io.santkrupa.web;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as inline SVG, drawn from the encoder's modules: no image file, no script, nothing
 * the pages' Content-Security-Policy forbids, and no user text in the markup but the label.
 */
public final class QrCodeSvg {

    /** The light margin around the code that scanners need (4 modules, as the QR standard asks). */
    public static final int QUIET_ZONE = 4;

    private QrCodeSvg() {
    }

    /** @param label what the code is, for screen readers (escaped here: it may be any text) */
    public static String svg(String text, String label) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + size + " " + size
                + "\" width=\"" + size * 5 + "\" height=\"" + size * 5 + "\" role=\"img\" "
                + "aria-label=\"" + escaped(label) + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#ffffff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>";
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
