package io.marketlab.scenarios.reference;

/**
 * A dead letter the ingest must write for a session frame (CONTRACTS.md: the raw frame, with a
 * {@code reason} header {@code "<category>: <detail>"}).
 *
 * @param category {@link #MALFORMED}, {@link #UNKNOWN_TYPE} or {@link #REJECTED}
 * @param frame the frame's position in the session (from 0), to name it
 * @param indexInFrame the rejected trade's index in the frame's {@code data}, -1 for a whole frame
 * @param frameText the frame as the session holds it (the replay server sends it verbatim)
 */
public record ReferenceDeadLetter(String category, long frame, int indexInFrame, String frameText) {

  /** Not JSON, too large, not an object, no type, or a trade frame without a data array. */
  public static final String MALFORMED = "malformed";

  /** A JSON object with a type that is not trade, ping or error. */
  public static final String UNKNOWN_TYPE = "unknown-type";

  /** One invalid trade of a trade frame. */
  public static final String REJECTED = "rejected";
}
