package io.santkrupa.seed;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.LongConsumer;

/**
 * Rows in COPY's text format (tab between columns, {@code \N} for null, backslash escapes), kept
 * in a small buffer that is handed on whenever it fills: the data set is never held in memory.
 * The seed's generated rows, and the clinic import's rows read from an archive.
 */
public abstract class CopyTextRows implements TableRows {

    interface Chunks {
        void write(byte[] bytes, int length);
    }

    private static final int BUFFER = 1 << 16;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final StringBuilder line = new StringBuilder(512);
    private final int columns;
    private final LongConsumer progress;
    private byte[] buffer = new byte[BUFFER];
    private int used;
    private long count;

    protected CopyTextRows(int columns, LongConsumer progress) {
        this.columns = columns;
        this.progress = progress;
    }

    protected abstract void send(byte[] bytes, int length);

    protected abstract void finish();

    @Override
    public final void row(Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " values, got " + values.length);
        }
        line.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            append(values[i]);
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        if (used + bytes.length > buffer.length) {
            flush();
            if (bytes.length > buffer.length) {
                buffer = new byte[bytes.length];
            }
        }
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
        count++;
        progress.accept(1);
    }

    private void append(Object value) {
        switch (value) {
            case null -> line.append("\\N");
            case String text -> escape(text);
            case OffsetDateTime time -> line.append(TIMESTAMP.format(time.truncatedTo(ChronoUnit.SECONDS)));
            case BigDecimal number -> line.append(number.toPlainString());
            case Boolean flag -> line.append(flag ? 't' : 'f');
            default -> line.append(value);
        }
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
    }

    private void flush() {
        if (used > 0) {
            send(buffer, used);
            used = 0;
        }
    }

    @Override
    public final void close() {
        flush();
        finish();
    }

    @Override
    public final long count() {
        return count;
    }
}
