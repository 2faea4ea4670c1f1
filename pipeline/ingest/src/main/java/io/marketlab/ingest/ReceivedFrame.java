package io.marketlab.ingest;

/**
 * One complete websocket text frame as the client received it.
 *
 * @param seq frame number within this client's life, from 0, monotonic across reconnects; it is the
 *     {@code frame_seq} of the Avro trade
 * @param receivedAtMicros wall-clock receipt time of the (last fragment of the) frame, µs since
 *     epoch
 * @param text the frame text exactly as received, fragments joined
 * @param checkedAtMillis the receipt time (ms) the codec checked its trade times against: in a
 *     replay on the session's time line; -1 when it checked none (not a trade frame)
 * @param frameBytes the frame's whole size in UTF-8 bytes when {@code text} is only its head (a
 *     frame over the size limit); -1 when {@code text} is the whole frame
 * @param connection the client's websocket connection it came on: 1, 2, ... in the order they
 *     opened (0: none known)
 */
record ReceivedFrame(
    long seq,
    long receivedAtMicros,
    String text,
    long checkedAtMillis,
    long frameBytes,
    int connection) {

  /** A frame whose trade times were checked against nothing but the wall clock. */
  ReceivedFrame(long seq, long receivedAtMicros, String text) {
    this(seq, receivedAtMicros, text, -1, -1, 0);
  }
}
