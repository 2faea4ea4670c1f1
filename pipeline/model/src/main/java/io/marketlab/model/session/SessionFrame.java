package io.marketlab.model.session;

import java.util.Objects;

/**
 * One received websocket text frame.
 *
 * @param offsetMicros receipt offset in µs since the header's start time (non-negative)
 * @param text the frame text exactly as received
 */
public record SessionFrame(long offsetMicros, String text) {
  public SessionFrame {
    if (offsetMicros < 0) {
      throw new IllegalArgumentException("offsetMicros must be >= 0, was " + offsetMicros);
    }
    Objects.requireNonNull(text, "text");
  }
}
