package io.marketlab.ingest.journal;

/**
 * One journal entry: a received frame, or a gap record the ingest noticed (frames and gaps share
 * one numbering, so the sender sends them in the order they happened).
 *
 * @param seq the entry's number in this journal (from 0, no holes): for a frame the {@code
 *     frame_seq} of every record made from it
 * @param receivedAtMicros wall-clock receipt time, µs since epoch (for a gap, when it was
 *     journaled)
 * @param frameBytes the frame's size in UTF-8 bytes as received
 * @param text the frame text: all of it, or only its head when {@code cut}; for a gap its record as
 *     the ingest encodes it ({@code GapRecords})
 * @param cut whether the frame was over {@link Journal#MAX_FRAME_BYTES}, so only its first {@link
 *     Journal#CUT_FRAME_BYTES} were kept (such a frame is malformed whatever its content)
 * @param checkedAtMillis the receipt time, ms since epoch, the client checked the frame's trade
 *     times against (in a replay, on the session's own time line); -1 when it checked none (the
 *     sender then checks against the time it reads the entry, as a frame just received)
 * @param kind a frame or a gap
 */
public record JournalEntry(
    long seq,
    long receivedAtMicros,
    int frameBytes,
    String text,
    boolean cut,
    long checkedAtMillis,
    Kind kind) {

  /** What an entry holds. */
  public enum Kind {
    FRAME,
    GAP
  }

  public JournalEntry {
    kind = kind == null ? Kind.FRAME : kind;
  }

  /** A frame entry. */
  public JournalEntry(
      long seq, long receivedAtMicros, int frameBytes, String text, boolean cut, long checked) {
    this(seq, receivedAtMicros, frameBytes, text, cut, checked, Kind.FRAME);
  }

  /** A frame entry whose trade times were checked against its wall-clock receipt. */
  public JournalEntry(long seq, long receivedAtMicros, int frameBytes, String text, boolean cut) {
    this(seq, receivedAtMicros, frameBytes, text, cut, -1);
  }

  public boolean isGap() {
    return kind == Kind.GAP;
  }

  /** What trade times of this frame are checked against: ms since epoch. */
  public long receiptMillisForChecks() {
    return checkedAtMillis >= 0 ? checkedAtMillis : System.currentTimeMillis();
  }
}
