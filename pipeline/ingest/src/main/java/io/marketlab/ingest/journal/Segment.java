package io.marketlab.ingest.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of one journal segment, a file named by its first entry's seq ({@code
 * 00000000000000000042.journal}) holding entries back to back:
 *
 * <pre>
 * int  payload length (bytes after this 8-byte header)
 * int  CRC32C of the payload
 * long seq · long receivedAtMicros · long checkedAtMillis · int frameBytes · byte kind · UTF-8 text
 * </pre>
 *
 * Big-endian. {@code kind}: 0 a frame, 1 a frame cut to its head (journal format 1 knew these two,
 * as a "cut" flag), 2 a gap record (format 2); any other value is refused as written by a newer
 * ingest, never taken for a torn write. An entry is valid when its length is in range, its CRC
 * matches and its seq is the one expected; anything else at the end of the last segment is a torn
 * write (a crash mid-append).
 */
final class Segment {

  static final String SUFFIX = ".journal";
  static final int HEADER_BYTES = 8;
  static final int FIXED_PAYLOAD_BYTES = 8 + 8 + 8 + 4 + 1;

  static final byte KIND_FRAME = 0;
  static final byte KIND_CUT_FRAME = 1;
  static final byte KIND_GAP = 2;

  /** Larger than any frame the journal writes: a length above it is damage, not data. */
  static final int MAX_PAYLOAD_BYTES = FIXED_PAYLOAD_BYTES + Journal.MAX_FRAME_BYTES;

  private Segment() {}

  static String fileName(long firstSeq) {
    return String.format("%020d%s", firstSeq, SUFFIX);
  }

  /** The first seq a segment file name stands for, or -1 when it is not a segment's name. */
  static long firstSeq(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The bytes of one entry, header included. */
  static ByteBuffer encode(
      long seq, long receivedAtMicros, int frameBytes, byte[] text, boolean cut) {
    return encode(seq, receivedAtMicros, -1, frameBytes, text, cut);
  }

  /** The bytes of one entry, header included, with the receipt its trade times were checked at. */
  static ByteBuffer encode(
      long seq,
      long receivedAtMicros,
      long checkedAtMillis,
      int frameBytes,
      byte[] text,
      boolean cut) {
    return encode(
        seq,
        receivedAtMicros,
        checkedAtMillis,
        frameBytes,
        text,
        cut ? KIND_CUT_FRAME : KIND_FRAME);
  }

  /** The bytes of one entry of any kind, header included. */
  static ByteBuffer encode(
      long seq,
      long receivedAtMicros,
      long checkedAtMillis,
      int frameBytes,
      byte[] text,
      byte kind) {
    int payload = FIXED_PAYLOAD_BYTES + text.length;
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload);
    buffer.position(HEADER_BYTES);
    buffer
        .putLong(seq)
        .putLong(receivedAtMicros)
        .putLong(checkedAtMillis)
        .putInt(frameBytes)
        .put(kind);
    buffer.put(text);
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), HEADER_BYTES, payload);
    buffer.putInt(0, payload).putInt(4, (int) crc.getValue());
    buffer.flip();
    return buffer;
  }

  /**
   * What is at an offset: a valid entry (and where the next one starts), or the problem: "" at the
   * exact end of the file, else a description of what is there instead (a torn write, damage).
   */
  record Read(JournalEntry entry, long next, String problem) {
    static Read problem(String what) {
      return new Read(null, -1, what);
    }
  }

  /**
   * Reads and checks the entry at {@code offset}, which must be entry {@code expectedSeq}.
   *
   * @throws JournalException for a whole, checked entry of a kind this ingest does not know
   */
  static Read read(FileChannel channel, long offset, long expectedSeq) throws IOException {
    long size = channel.size();
    if (offset == size) {
      return Read.problem("");
    }
    if (size - offset < HEADER_BYTES) {
      return Read.problem((size - offset) + " bytes, less than an entry header");
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    readFully(channel, header, offset);
    int length = header.getInt(0);
    if (length < FIXED_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) {
      return Read.problem("an entry length of " + length + " bytes, out of range");
    }
    if (size - offset - HEADER_BYTES < length) {
      return Read.problem(
          "an entry of "
              + length
              + " bytes with only "
              + (size - offset - HEADER_BYTES)
              + " written");
    }
    ByteBuffer payload = ByteBuffer.allocate(length);
    readFully(channel, payload, offset + HEADER_BYTES);
    CRC32C crc = new CRC32C();
    crc.update(payload.array(), 0, length);
    if ((int) crc.getValue() != header.getInt(4)) {
      return Read.problem("an entry whose CRC32C does not match");
    }
    payload.flip();
    long seq = payload.getLong();
    if (seq != expectedSeq) {
      return Read.problem("entry seq " + seq + " where " + expectedSeq + " was expected");
    }
    long receivedAt = payload.getLong();
    long checkedAt = payload.getLong();
    int frameBytes = payload.getInt();
    byte kind = payload.get();
    if (kind != KIND_FRAME && kind != KIND_CUT_FRAME && kind != KIND_GAP) {
      throw new JournalException(
          "journal entry seq "
              + seq
              + " at byte "
              + offset
              + " is of kind "
              + kind
              + ", which this ingest does not know (written by a newer version?): not read, not"
              + " cut off");
    }
    String text =
        new String(
            payload.array(),
            FIXED_PAYLOAD_BYTES,
            length - FIXED_PAYLOAD_BYTES,
            StandardCharsets.UTF_8);
    return new Read(
        new JournalEntry(
            seq,
            receivedAt,
            frameBytes,
            text,
            kind == KIND_CUT_FRAME,
            checkedAt,
            kind == KIND_GAP ? JournalEntry.Kind.GAP : JournalEntry.Kind.FRAME),
        offset + HEADER_BYTES + length,
        null);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long offset)
      throws IOException {
    long at = offset;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("unexpected end of journal segment at " + at);
      }
      at += n;
    }
  }
}
