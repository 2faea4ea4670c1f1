package io.marketlab.ingest;

/**
 * Joins the parts of one websocket text message (continuation frames, and the chunks in which the
 * JDK hands over even a single large frame) without ever holding more than the frame limit: once
 * the message passes the limit only its head is kept, so a hostile or broken server cannot run the
 * ingest out of memory before the codec's size check. Used by one receive thread.
 */
final class FrameAssembly {

  /** What a too-large message keeps: as much as its dead letter can carry anyway. */
  static final int HEAD_CHARS = 256 * 1024;

  private final int maxBytes;
  private final StringBuilder text = new StringBuilder();
  private long bytes;
  private long chars;
  private boolean tooLarge;

  /** A whole message: its text, or its head when it was over the limit. */
  /**
   * @param bytes the whole frame's size in UTF-8 bytes, also when only its head is kept
   */
  record Frame(String text, boolean tooLarge, String reason, long bytes) {}

  FrameAssembly(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  void append(CharSequence part) {
    chars += part.length();
    bytes += utf8Length(part);
    if (!tooLarge && bytes > maxBytes) {
      tooLarge = true;
      if (text.length() > HEAD_CHARS) {
        text.setLength(HEAD_CHARS);
      }
      text.trimToSize();
    }
    int room = tooLarge ? HEAD_CHARS - text.length() : part.length();
    if (room > 0) {
      text.append(part, 0, Math.min(room, part.length()));
    }
  }

  /** The message so far, and a fresh start for the next one. */
  Frame finish() {
    Frame frame;
    if (tooLarge) {
      int keep = text.length();
      if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
        keep--; // never cut a character in half
      }
      frame =
          new Frame(
              text.substring(0, keep),
              true,
              "frame too large: "
                  + bytes
                  + " bytes ("
                  + chars
                  + " chars) in its fragments, more than the limit of "
                  + maxBytes
                  + " bytes; kept its first "
                  + keep
                  + " chars",
              bytes);
    } else {
      frame = new Frame(text.toString(), false, null, bytes);
    }
    text.setLength(0);
    if (tooLarge) {
      text.trimToSize();
    }
    bytes = 0;
    chars = 0;
    tooLarge = false;
    return frame;
  }

  /** UTF-8 length; a surrogate counts 2, so a pair counts 4 even when split across parts. */
  static long utf8Length(CharSequence part) {
    long length = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        length += 2;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
