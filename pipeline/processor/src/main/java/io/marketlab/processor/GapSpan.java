package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.util.ArrayList;
import java.util.List;

/**
 * Which candle windows a gap makes incomplete (docs/CONTRACTS.md, Gaps): with {@code lo}/{@code hi}
 * the smaller/larger of its trade-time ends (a missing end stands for the other), every window
 * {@code [start, end)} with {@code start <= hi} and {@code lo < end}. The ends count: a trade lost
 * in the same millisecond as a received end belongs to that end's window.
 *
 * @param lo the earlier end, trade time ms
 * @param hi the later end, trade time ms
 */
record GapSpan(long lo, long hi) {

  GapSpan {
    if (lo > hi) {
      throw new IllegalArgumentException("gap span ends out of order: " + lo + " > " + hi);
    }
  }

  /** The span of a gap's ends, either of which may be missing (not both). */
  static GapSpan of(Long fromMs, Long toMs) {
    if (fromMs == null && toMs == null) {
      throw new IllegalArgumentException("a gap needs at least one end");
    }
    long from = fromMs == null ? toMs : fromMs;
    long to = toMs == null ? fromMs : toMs;
    return new GapSpan(Math.min(from, to), Math.max(from, to));
  }

  /** The window starts of {@code resolution} that meet the span, in time order. */
  List<Long> windows(Resolution resolution) {
    List<Long> starts = new ArrayList<>();
    long last = resolution.windowStart(hi);
    for (long start = resolution.windowStart(lo);
        start <= last;
        start += resolution.widthMillis()) {
      starts.add(start);
    }
    return starts;
  }
}
