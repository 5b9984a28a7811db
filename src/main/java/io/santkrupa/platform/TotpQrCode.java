package io.santkrupa.platform;

import io.santkrupa.web.QrCodeSvg;

/** The enrolment page's QR code as inline SVG ({@link QrCodeSvg}). */
public final class TotpQrCode {

    /** The light margin around the code that scanners need (4 modules, as the QR standard asks). */
    static final int QUIET_ZONE = QrCodeSvg.QUIET_ZONE;

    private TotpQrCode() {
    }

    public static String svg(String text) {
        return QrCodeSvg.svg(text, "QR code for your authenticator app");
    }
}
