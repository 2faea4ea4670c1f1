package io.marketlab.dashboard;

/**
 * One page of a partition: the offsets {@code from <= offset < to} to read, and where the next page
 * starts ({@code next}, null when there is none). Newest first pages go down from {@code offset}
 * (exclusive; default the end), oldest first up from {@code offset} (inclusive; default the start).
 * A partition's records are at {@code start <= offset < end}.
 */
record MessageWindow(long from, long to, Long next) {

  static MessageWindow newestFirst(long start, long end, Long offset, int limit) {
    long upper = offset == null ? end : clamp(offset, start, end);
    long lower = Math.max(start, upper - limit);
    return new MessageWindow(lower, upper, lower > start ? lower : null);
  }

  static MessageWindow oldestFirst(long start, long end, Long offset, int limit) {
    long lower = offset == null ? start : clamp(offset, start, end);
    long upper = Math.min(end, lower + limit);
    return new MessageWindow(lower, upper, upper < end ? upper : null);
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }
}
