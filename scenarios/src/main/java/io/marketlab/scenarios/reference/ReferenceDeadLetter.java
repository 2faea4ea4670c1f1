package io.marketlab.scenarios.reference;

import java.util.List;

/**
 * A dead letter the ingest must write for a session frame (CONTRACTS.md: one per frame, the raw
 * frame, with a {@code reason} header {@code "<category>: <detail>"} and, for rejected trades, the
 * indexes of all of them).
 *
 * @param category {@link #MALFORMED}, {@link #UNKNOWN_TYPE} or {@link #REJECTED}
 * @param frame the frame's position in the session (from 0), to name it
 * @param indexInFrame the first rejected trade's index in the frame's {@code data}, -1 for a whole
 *     frame
 * @param frameText the frame as the session holds it (the replay server sends it verbatim)
 * @param rejectedIndexes every rejected trade's index in the frame, in order; empty for a whole
 *     frame
 */
public record ReferenceDeadLetter(
    String category,
    long frame,
    int indexInFrame,
    String frameText,
    List<Integer> rejectedIndexes) {

  public ReferenceDeadLetter {
    rejectedIndexes = List.copyOf(rejectedIndexes);
  }

  /** A whole frame's letter ({@code indexInFrame} -1) or one with a single rejected trade. */
  public ReferenceDeadLetter(String category, long frame, int indexInFrame, String frameText) {
    this(
        category,
        frame,
        indexInFrame,
        frameText,
        indexInFrame < 0 ? List.of() : List.of(indexInFrame));
  }

  /** The letter of a frame with these rejected trades (at least one). */
  public static ReferenceDeadLetter rejected(long frame, String frameText, List<Integer> indexes) {
    return new ReferenceDeadLetter(REJECTED, frame, indexes.get(0), frameText, indexes);
  }

  /** Not JSON, too large, not an object, no type, or a trade frame without a data array. */
  public static final String MALFORMED = "malformed";

  /** A JSON object with a type that is not trade, ping or error. */
  public static final String UNKNOWN_TYPE = "unknown-type";

  /** A trade frame with one or more invalid trades (one letter for all of them). */
  public static final String REJECTED = "rejected";
}
