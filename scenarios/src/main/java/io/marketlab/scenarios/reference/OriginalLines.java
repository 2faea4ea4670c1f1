package io.marketlab.scenarios.reference;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipException;

/**
 * The reference's own line reader for original files (sharing no code with the importers): lines
 * end at LF, CR or CR LF; each is strict UTF-8 (otherwise an {@link IllegalArgumentException}
 * naming file and line: the import stops there too); a line of more than {@value #MAX_LINE_BYTES}
 * bytes is returned as {@link #tooLong()} (the import counts it as a broken line); and an input
 * that fails to decompress (a truncated or corrupt gzip) ends after its last complete line, the
 * partial line at the damage dropped, with {@link #damage()} saying where.
 */
final class OriginalLines {

  static final int MAX_LINE_BYTES = 1 << 20;

  private final String name;
  private final InputStream in;
  private final Offset offset;
  private final byte[] chunk = new byte[1 << 16];
  private int at;
  private int end;
  private byte[] line = new byte[1024];
  private int length;
  private boolean overflow;
  private boolean lastTooLong;
  private boolean afterCarriageReturn;
  private boolean finished;
  private long number;
  private String damage;

  /** How far into the compressed bytes a decompressor got, for the damage message. */
  interface Offset {
    long compressedOffset();
  }

  OriginalLines(String name, InputStream in, Offset offset) {
    this.name = name;
    this.in = in;
    this.offset = offset;
  }

  /** The next line, or null at the end (or at the damage). */
  String next() throws IOException {
    lastTooLong = false;
    if (finished) {
      return null;
    }
    length = 0;
    overflow = false;
    while (true) {
      if (at == end) {
        int read = read();
        if (read <= 0) {
          finished = true;
          if (damage != null || (length == 0 && !overflow)) {
            return null;
          }
          break;
        }
        at = 0;
        end = read;
      }
      byte b = chunk[at++];
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n') {
        break;
      }
      if (b == '\r') {
        afterCarriageReturn = true;
        break;
      }
      if (length == MAX_LINE_BYTES) {
        overflow = true;
      } else if (!overflow) {
        if (length == line.length) {
          line = java.util.Arrays.copyOf(line, line.length * 2);
        }
        line[length++] = b;
      }
    }
    number++;
    if (overflow) {
      lastTooLong = true;
      return "";
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(name + ":" + number + ": not UTF-8 text", e);
    }
  }

  private int read() throws IOException {
    try {
      return in.read(chunk, 0, chunk.length);
    } catch (EOFException | ZipException e) {
      if (offset == null) {
        throw e;
      }
      damage =
          name
              + ": damaged gzip at compressed byte "
              + offset.compressedOffset()
              + " ("
              + e.getMessage()
              + "), read up to line "
              + number;
      return -1;
    }
  }

  /** Whether the line just returned was over the bound (its text is then empty). */
  boolean tooLong() {
    return lastTooLong;
  }

  /** Where a damaged gzip ended the input; null when it did not. */
  String damage() {
    return damage;
  }
}
