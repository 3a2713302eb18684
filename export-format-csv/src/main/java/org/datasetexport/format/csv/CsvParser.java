package org.datasetexport.format.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.datasetexport.ExportException;

/**
 * A strict, streaming RFC 4180 reader: exactly the inverse of what {@link CsvRecordWriter} writes,
 * and nothing it does not. Records end at LF, CRLF or a bare CR outside quotes; inside quotes every
 * character is the value's own (a bare CR included), a quote is written twice. Everything else is
 * refused with the file, the line and the column: bytes that are not UTF-8, a quote inside an
 * unquoted value, a character after a closing quote, a quoted value the file ends inside, a value
 * or record over the format's limits, and, when the format says values hold no line breaks, a
 * quoted line break. Memory is one 64 KiB byte buffer, one char buffer and the current record.
 *
 * <p>Line numbers are physical lines counted from 1 at the stream's first byte.
 */
final class CsvParser implements Closeable {
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final String file;
    private final String where;
    private final char delimiter;
    private final char quote;
    private final boolean multilineValues;
    private final int maxFieldSize;
    private final int maxRecordSize;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    private final char[] buf = chars.array();
    private int pos;
    private int limit;
    private boolean inputEnded;
    private boolean decoderFlushed;
    /** An invalid byte sequence found after the chars decoded before it: reported when the parser reaches it. */
    private CoderResult malformed;

    private long line = 1;
    private boolean afterCr;
    private final List<String> fields = new ArrayList<>();
    private boolean[] quoted = new boolean[16];
    private long recordLine;
    private long recordChars;
    private final StringBuilder value = new StringBuilder();

    /**
     * @param file the file's path, for messages
     * @param where what to add after the line in messages (the byte a range starts at), or ""
     * @param skipBom whether a byte-order mark at the stream's start is skipped (only a file's first byte can carry one)
     */
    CsvParser(InputStream in, String file, String where, CsvFormat format, boolean skipBom) throws IOException {
        this.in = in;
        this.file = file;
        this.where = where;
        this.delimiter = format.delimiter();
        this.quote = format.quote();
        this.multilineValues = format.multilineValues();
        this.maxFieldSize = format.maxFieldSize();
        this.maxRecordSize = format.maxRecordSize();
        bytes.limit(0);
        if (skipBom && available() && buf[pos] == '\uFEFF') {
            pos++;
        }
    }

    /**
     * Reads the next record.
     *
     * @return false at the end of the stream
     * @throws ExportException naming the file, line and column of what is not CSV
     */
    boolean next() throws IOException {
        fields.clear();
        recordChars = 0;
        if (!available()) {
            return false;
        }
        recordLine = line;
        while (true) {
            boolean isQuoted = buf[pos] == quote;
            String text;
            if (isQuoted) {
                pos++;
                text = quotedValue();
            } else {
                text = plainValue();
            }
            add(text, isQuoted);
            if (!available()) {
                return true;
            }
            char c = buf[pos++];
            if (c == delimiter) {
                if (!available()) {
                    // a delimiter at the very end: one more, empty value, then the end of the record
                    add("", false);
                    return true;
                }
                continue;
            }
            if (c == '\r') {
                line++;
                if (available() && buf[pos] == '\n') {
                    pos++;
                }
                return true;
            }
            if (c == '\n') {
                line++;
                return true;
            }
            // plainValue stops only at the delimiter or a line break, quotedValue refuses anything else after its quote
            throw new IllegalStateException("unexpected character after a value");
        }
    }

    private void add(String text, boolean isQuoted) {
        if (fields.size() == quoted.length) {
            quoted = java.util.Arrays.copyOf(quoted, quoted.length * 2);
        }
        quoted[fields.size()] = isQuoted;
        fields.add(text);
    }

    /** @return the current record's values, valid until the next call of {@link #next()} */
    List<String> fields() {
        return fields;
    }

    /** @return whether the current record's value at {@code index} was quoted */
    boolean quoted(int index) {
        return quoted[index];
    }

    /** @return the physical line the current record starts on */
    long recordLine() {
        return recordLine;
    }

    /** An unquoted value: up to the delimiter, a line break or the end; a quote inside it is refused. */
    private String plainValue() throws IOException {
        value.setLength(0);
        while (true) {
            int start = pos;
            int i = pos;
            while (i < limit) {
                char c = buf[i];
                if (c == delimiter || c == '\n' || c == '\r') {
                    break;
                }
                if (c == quote) {
                    pos = i;
                    throw failure(fields.size() + 1, "a quote inside an unquoted value (a value holding a quote is quoted as a whole)"
                            + (multilineValues ? "" : "; or the line continues a quoted value holding a line break, which the format "
                            + "says no value holds (multilineValues(false))"));
                }
                i++;
            }
            count(i - start);
            pos = i;
            if (i < limit) {
                if (value.length() == 0) {
                    return new String(buf, start, i - start);
                }
                value.append(buf, start, i - start);
                return value.toString();
            }
            value.append(buf, start, i - start);
            if (!available()) {
                return value.toString();
            }
        }
    }

    /** A quoted value, after its opening quote: up to the closing quote, which it consumes. */
    private String quotedValue() throws IOException {
        value.setLength(0);
        long startLine = line;
        while (true) {
            if (!available()) {
                throw failure(startLine, fields.size() + 1, "the file ends inside a quoted value that starts on this line (is the file truncated?)");
            }
            int start = pos;
            int i = pos;
            while (i < limit) {
                char c = buf[i];
                if (c == quote) {
                    break;
                }
                if (c == '\n') {
                    if (!afterCr) {
                        line++;
                    }
                    afterCr = false;
                    lineBreakInValue(startLine);
                } else if (c == '\r') {
                    line++;
                    afterCr = true;
                    lineBreakInValue(startLine);
                } else {
                    afterCr = false;
                }
                i++;
            }
            count(i - start);
            value.append(buf, start, i - start);
            pos = i;
            if (i == limit) {
                continue;
            }
            // a quote: doubled, it is one quote of the value; alone, it closes the value
            afterCr = false;
            pos++;
            if (available() && buf[pos] == quote) {
                count(1);
                value.append(quote);
                pos++;
                continue;
            }
            if (available()) {
                char next = buf[pos];
                if (next != delimiter && next != '\n' && next != '\r') {
                    throw failure(fields.size() + 1, "a character after the closing quote of a value (a quote inside a quoted value is written twice)"
                            + (multilineValues ? "" : "; or the line continues a quoted value holding a line break, which the format "
                            + "says no value holds (multilineValues(false))"));
                }
            }
            return value.toString();
        }
    }

    private void lineBreakInValue(long startLine) {
        if (!multilineValues) {
            throw failure(startLine, fields.size() + 1, "a quoted value holds a line break, but the format says values hold none "
                    + "(multilineValues(false)); read the file with multilineValues(true)");
        }
    }

    private void count(int n) {
        recordChars += n;
        if (value.length() + n > maxFieldSize) {
            throw failure(fields.size() + 1, "a value longer than maxFieldSize (" + maxFieldSize + " characters)");
        }
        if (recordChars > maxRecordSize) {
            throw failure(fields.size() + 1, "a record longer than maxRecordSize (" + maxRecordSize + " characters)");
        }
    }

    /** @return whether a char is at {@code pos}, decoding more when the buffer is used up; false at the end */
    private boolean available() throws IOException {
        return pos < limit || fill();
    }

    private boolean fill() throws IOException {
        if (malformed != null) {
            throw failure(fields.size() + 1, "bytes that are not UTF-8 (" + malformed.length() + " invalid byte"
                    + (malformed.length() == 1 ? "" : "s") + ")");
        }
        chars.clear();
        while (chars.position() == 0) {
            if (decoderFlushed) {
                break;
            }
            CoderResult r = decoder.decode(bytes, chars, inputEnded);
            if (r.isError()) {
                malformed = r;
                if (chars.position() == 0) {
                    limit = 0;
                    pos = 0;
                    return fill();
                }
                break;
            }
            if (r.isOverflow()) {
                break;
            }
            if (inputEnded) {
                decoder.flush(chars);
                decoderFlushed = true;
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                inputEnded = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        pos = 0;
        limit = chars.position();
        return limit > 0;
    }

    private ExportException failure(int column, String problem) {
        return failure(line, column, problem);
    }

    private ExportException failure(long atLine, int column, String problem) {
        return new ExportException("CSV file " + file + ", line " + atLine + where + ", column " + column + ": " + problem);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
