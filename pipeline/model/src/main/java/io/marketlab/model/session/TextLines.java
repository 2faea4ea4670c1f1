package io.marketlab.model.session;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The lines of a text input in bounded memory: strict UTF-8 (a byte sequence that is not UTF-8 is a
 * {@link BadLineException}, never a replacement character), at most {@code maxLineBytes} per line,
 * and for gzip input, damage read up to: a truncated or corrupt stream ends the input after the
 * last complete line before it, and {@link #damage()} says where. Lines end at LF, CR or CR LF, as
 * {@link java.io.BufferedReader#readLine()} splits them.
 */
public final class TextLines implements Closeable {

  private static final int BUFFER_BYTES = 1 << 16;

  private final String name;
  private final int maxLineBytes;
  private final InputStream in;
  private final CountingInputStream counted;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position;
  private int limit;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean skipLineFeed;
  private boolean ended;
  private long lineNumber;
  private GzipDamage damage;
  private DamageAwareGzip gzip;

  private TextLines(String name, InputStream in, CountingInputStream counted, int maxLineBytes) {
    if (maxLineBytes <= 0) {
      throw new IllegalArgumentException("maxLineBytes must be > 0, was " + maxLineBytes);
    }
    this.name = name;
    this.in = in;
    this.counted = counted;
    this.maxLineBytes = maxLineBytes;
  }

  /** Uncompressed text. */
  public static TextLines plain(InputStream in, String name, int maxLineBytes) {
    return new TextLines(name, in, null, maxLineBytes);
  }

  /** Gzip-compressed text (one or more members); the gzip header is read at the first line. */
  public static TextLines gzip(InputStream compressed, String name, int maxLineBytes) {
    CountingInputStream counted = new CountingInputStream(compressed);
    return new TextLines(name, counted, counted, maxLineBytes);
  }

  /**
   * The next line without its terminator, or null at the end of the input (or at gzip damage).
   *
   * @throws BadLineException for a line that is not UTF-8 or is too long
   * @throws UncheckedIOException when the input cannot be read (naming input and line)
   */
  public String readLine() {
    if (ended) {
      return null;
    }
    lineLength = 0;
    boolean tooLong = false;
    boolean ascii = true;
    while (true) {
      if (position == limit && !fill()) {
        ended = true;
        if (damage != null) {
          damage =
              new GzipDamage(
                  name,
                  damage.compressedOffset(),
                  lineNumber,
                  tooLong ? maxLineBytes : lineLength,
                  damage.cause());
          return null;
        }
        if (lineLength == 0 && !tooLong) {
          return null;
        }
        break;
      }
      byte b = buffer[position++];
      if (skipLineFeed) {
        skipLineFeed = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n') {
        break;
      }
      if (b == '\r') {
        skipLineFeed = true;
        break;
      }
      if (tooLong) {
        continue;
      }
      if (lineLength == maxLineBytes) {
        tooLong = true;
        continue;
      }
      if (lineLength == line.length) {
        line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
      }
      line[lineLength++] = b;
      ascii &= b >= 0;
    }
    lineNumber++;
    if (tooLong) {
      throw new BadLineException(
          BadLineException.Kind.TOO_LONG,
          name,
          lineNumber,
          "line longer than " + maxLineBytes + " bytes");
    }
    if (ascii) {
      return new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    }
    return decode();
  }

  private String decode() {
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, lineLength);
    CharBuffer chars = CharBuffer.allocate(lineLength);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      throw new BadLineException(
          BadLineException.Kind.INVALID_UTF8,
          name,
          lineNumber,
          "not UTF-8 text: invalid byte sequence at byte "
              + (bytes.position() + 1)
              + " of the line (0x"
              + String.format("%02x", line[bytes.position()] & 0xff)
              + ")");
    }
    chars.flip();
    return chars.toString();
  }

  /**
   * Refills the buffer; false at the end of the input, with {@link #damage} set for gzip damage.
   */
  private boolean fill() {
    InputStream source;
    try {
      source = source();
      if (source == null) {
        return false;
      }
      int read = source.read(buffer, 0, buffer.length);
      if (read <= 0) {
        return false;
      }
      position = 0;
      limit = read;
      return true;
    } catch (EOFException | ZipException e) {
      if (counted == null) {
        throw unreadable(e);
      }
      if (e instanceof ZipException && gzip == null) {
        // Not gzip at all: not damage but the wrong kind of file.
        throw unreadable(e);
      }
      long offset = gzip == null ? counted.count : gzip.compressedOffset();
      damage = new GzipDamage(name, offset, lineNumber, 0, String.valueOf(e.getMessage()));
      return false;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private InputStream source() throws IOException {
    if (counted == null) {
      return in;
    }
    if (gzip == null) {
      gzip = new DamageAwareGzip(counted);
    }
    return gzip;
  }

  private UncheckedIOException unreadable(IOException e) {
    return new UncheckedIOException(
        name + ":" + (lineNumber + 1) + ": cannot read: " + e.getMessage(), e);
  }

  /** Lines returned (or refused) so far; the number of the last one. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Set once the input ended at gzip damage. */
  public Optional<GzipDamage> damage() {
    return ended ? Optional.ofNullable(damage) : Optional.empty();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + name, e);
    }
  }

  /** Counts the compressed bytes handed to the inflater. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  /** A gzip stream that can say how far into the compressed bytes its inflater got. */
  private static final class DamageAwareGzip extends GZIPInputStream {
    private final CountingInputStream counted;

    DamageAwareGzip(CountingInputStream counted) throws IOException {
      super(counted, BUFFER_BYTES);
      this.counted = counted;
    }

    long compressedOffset() {
      return counted.count - inf.getRemaining();
    }
  }
}
