package io.barcast.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A JSON object written straight into a byte array, for the two records written on every bar ({@link EventJson}):
 * the bytes Jackson's generator writes with {@link Json}'s settings (shortest doubles by Jackson's Schubfach writer,
 * non-finite doubles as quoted strings, its string escapes), without its per-value context checks, its buffer recycling
 * and its output stream. Field names are {@link Name}s, encoded once. Not thread-safe: one per record, written on one
 * thread.
 */
final class JsonBytes {

    /** Each thread's buffer for {@link #reusing}, kept at the largest size written (a few KB). */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[4_096]);

    /** A field name encoded once, with its quotes and colon. */
    static final class Name {
        private final byte[] bytes;

        Name(String name) {
            byte[] quoted = generated(name);
            this.bytes = Arrays.copyOf(quoted, quoted.length + 1);
            bytes[quoted.length] = ':';
        }
    }

    private byte[] buf;
    private int len;
    /** Whether the open object or array has no member yet (no comma before the next one). */
    private boolean first = true;
    /** Whether a name was just written (its value takes no comma). */
    private boolean named;
    /** Whether {@link #buf} is this thread's buffer (kept, if grown, at {@link #toBytes}). */
    private final boolean reused;

    JsonBytes(int sizeHint) {
        this.buf = new byte[sizeHint];
        this.reused = false;
    }

    private JsonBytes(byte[] buf) {
        this.buf = buf;
        this.reused = true;
    }

    /**
     * A writer on this thread's buffer, so that a record allocates only its bytes: one at a time per thread (the next
     * one on the thread overwrites it), which the two per-bar records are.
     */
    static JsonBytes reusing() {
        return new JsonBytes(BUFFERS.get());
    }

    JsonBytes name(Name n) {
        ensure(n.bytes.length + 1);
        if (!first) {
            buf[len++] = ',';
        }
        System.arraycopy(n.bytes, 0, buf, len, n.bytes.length);
        len += n.bytes.length;
        first = false;
        named = true;
        return this;
    }

    JsonBytes startObject() {
        return open('{');
    }

    JsonBytes endObject() {
        return close('}');
    }

    JsonBytes startArray() {
        return open('[');
    }

    JsonBytes endArray() {
        return close(']');
    }

    JsonBytes value(double v) {
        if (!Double.isFinite(v)) {
            return value(String.valueOf(v)); // as Jackson's default QUOTE_NON_NUMERIC_NUMBERS
        }
        String s = NumberOutput.toString(v, true);
        int n = s.length();
        separate(n);
        ascii(s, n);
        return this;
    }

    /** The low bytes of {@code s}'s first {@code n} chars, all ASCII here: one array copy. */
    @SuppressWarnings("deprecation")
    private void ascii(String s, int n) {
        s.getBytes(0, n, buf, len);
        len += n;
    }

    JsonBytes value(long v) {
        separate(20);
        len = NumberOutput.outputLong(v, buf, len);
        return this;
    }

    JsonBytes value(boolean v) {
        return raw(v ? TRUE : FALSE);
    }

    JsonBytes nullValue() {
        return raw(NULL);
    }

    /** A number, or null. */
    JsonBytes value(Double v) {
        return v == null ? nullValue() : value(v.doubleValue());
    }

    /** A boolean, or null. */
    JsonBytes value(Boolean v) {
        return v == null ? nullValue() : value(v.booleanValue());
    }

    /** An ISO date (as Jackson's JavaTimeModule writes it without timestamps), or null. */
    JsonBytes value(LocalDate d) {
        if (d == null) {
            return nullValue();
        }
        int year = d.getYear();
        if (year < 1000 || year > 9999) {
            return value(d.toString());
        }
        separate(12);
        buf[len++] = '"';
        digits(year, 4);
        buf[len++] = '-';
        digits(d.getMonthValue(), 2);
        buf[len++] = '-';
        digits(d.getDayOfMonth(), 2);
        buf[len++] = '"';
        return this;
    }

    /** A string, or null: printable ASCII copied, anything else written by Jackson's generator (rare: symbols, kinds). */
    JsonBytes value(String s) {
        if (s == null) {
            return nullValue();
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return raw(generated(s));
            }
        }
        separate(n + 2);
        buf[len++] = '"';
        ascii(s, n);
        buf[len++] = '"';
        return this;
    }

    byte[] toBytes() {
        if (reused) {
            BUFFERS.set(buf); // grown or not
        }
        return Arrays.copyOf(buf, len);
    }

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /** The quoted string as Jackson's generator writes it (its escapes; a surrogate pair as two escapes). */
    private static byte[] generated(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 2 + 8);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private JsonBytes raw(byte[] bytes) {
        separate(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    private JsonBytes open(char c) {
        separate(1);
        buf[len++] = (byte) c;
        first = true;
        return this;
    }

    private JsonBytes close(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        first = false;
        return this;
    }

    /** Makes room for a value of at most {@code n} bytes and writes the comma before it, unless it follows a name. */
    private void separate(int n) {
        ensure(n + 1);
        if (named) {
            named = false;
        } else {
            if (!first) {
                buf[len++] = ',';
            }
            first = false;
        }
    }

    private void digits(int v, int width) {
        for (int i = len + width - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += width;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
