package io.marketlab.ingest;

/**
 * The time line a trade frame's receipt is placed on before its trade times are checked against it
 * (a trade stamped more than the future skew after its frame's receipt is rejected).
 *
 * <p>Live, that is the wall clock. A replay sends historical trades now, so the wall clock would
 * accept any of them: there the receipt is the frame's recorded one, on the session's time line
 * ({@link SessionTimeline}), which is what the independent reference checks against too.
 */
@FunctionalInterface
public interface ReceiptTimeline {

  /**
   * The receipt, in ms since the epoch, of the trade frame {@code text} received at {@code
   * receivedAtMicros} (wall clock); called on the receive thread, once per trade frame, in order.
   */
  long receiptMillis(long receivedAtMicros, String text);

  /** The wall-clock receipt itself (ms, floored). */
  static ReceiptTimeline wallClock() {
    return (receivedAtMicros, text) -> Math.floorDiv(receivedAtMicros, 1000L);
  }
}
