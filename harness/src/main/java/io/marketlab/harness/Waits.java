package io.marketlab.harness;

import io.marketlab.fixtures.EngineException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The waits of a pipeline run, each with its progress lines and its bound; every wait also stops at
 * once when the run failed on another thread (the {@code check} throws).
 */
final class Waits {

  private final String run;
  private final Consumer<String> progress;
  private final Runnable check;

  Waits(String run, Consumer<String> progress) {
    this(run, progress, () -> {});
  }

  /**
   * @param check throws when the run cannot go on (asked at every poll)
   */
  Waits(String run, Consumer<String> progress, Runnable check) {
    this.run = run;
    this.progress = progress;
    this.check = check;
  }

  /** Until {@code condition} holds; a progress line every 5 s; an error after {@code timeout}. */
  void waitFor(BooleanSupplier condition, Duration timeout, String what, Supplier<String> status) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastReport = System.nanoTime();
    while (!condition.getAsBoolean()) {
      check.run();
      if (System.nanoTime() > deadline) {
        throw new EngineException(
            run
                + ": "
                + what
                + " did not finish within "
                + timeout.toSeconds()
                + " s: "
                + status.get());
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        progress.accept(what + ": " + status.get());
        lastReport = System.nanoTime();
      }
      pause(100);
    }
  }

  /** Until the ingest has received every trade expected, or nothing arrives for 30 s. */
  void awaitReceived(LongSupplier received, long expected) {
    awaitReceived(received, expected, Duration.ofSeconds(30));
  }

  /**
   * Until the ingest has received {@code expected} trades, or nothing more for {@code quiet} (a
   * fault lost some: what arrived is compared then).
   */
  void awaitReceived(LongSupplier received, long expected, Duration quiet) {
    long last = -1;
    long lastChange = System.nanoTime();
    while (received.getAsLong() < expected) {
      check.run();
      long now = received.getAsLong();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > quiet.toNanos()) {
        progress.accept(
            String.format(
                Locale.ROOT,
                "the ingest received %d of %d trades and nothing more for %s s",
                now,
                expected,
                seconds(quiet)));
        return;
      }
      pause(100);
    }
  }

  /**
   * Until {@code count} reaches {@code target}, or stops growing for {@code quiet}; a progress line
   * at every poll below the target. Returns the last count.
   */
  int awaitCount(
      java.util.function.IntSupplier count,
      int target,
      Duration quiet,
      Duration poll,
      String what) {
    int last = count.getAsInt();
    long grewAt = System.nanoTime();
    while (last < target && System.nanoTime() - grewAt < quiet.toNanos()) {
      check.run();
      progress.accept(String.format(Locale.ROOT, "%d of %d %s", last, target, what));
      pause(poll.toMillis());
      int now = count.getAsInt();
      if (now > last) {
        grewAt = System.nanoTime();
      }
      last = Math.max(last, now);
    }
    return last;
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  /**
   * Until the processor has committed every record before {@code ends} (a topic's end offsets by
   * partition, read once nothing more is written to it), or it commits nothing new for {@code
   * stallTimeout}. The signal is the processor's checkpoint, never a scan of the store: counting a
   * partition while the processor writes to it times out on a long run.
   *
   * @param committed the offsets the processor's last committed batch ended at, by partition
   * @return whether every record was processed (false: it stalled; what is missing then shows in
   *     what is read back)
   */
  boolean awaitProcessed(
      Supplier<Map<Integer, Long>> committed, Map<Integer, Long> ends, Duration stallTimeout) {
    long total = processed(ends, ends);
    long last = -1;
    long lastChange = System.nanoTime();
    long lastReport = 0;
    while (true) {
      check.run();
      long done = processed(committed.get(), ends);
      if (done >= total) {
        return true;
      }
      if (done != last) {
        last = done;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > stallTimeout.toNanos()) {
        progress.accept(
            String.format(
                Locale.ROOT,
                "the processor committed %d of %d records and nothing new for %d s; checking what"
                    + " is stored",
                done,
                total,
                stallTimeout.toSeconds()));
        return false;
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        long quietSeconds = (System.nanoTime() - lastChange) / 1_000_000_000L;
        progress.accept(
            quietSeconds < 5
                ? String.format(
                    Locale.ROOT, "the processor committed %d of %d records", done, total)
                : String.format(
                    Locale.ROOT,
                    "the processor committed %d of %d records (no new commit for %d s)",
                    done,
                    total,
                    quietSeconds));
        lastReport = System.nanoTime();
      }
      pause(250);
    }
  }

  /** Records before {@code ends} that {@code committed} covers, summed over the partitions. */
  static long processed(Map<Integer, Long> committed, Map<Integer, Long> ends) {
    long done = 0;
    for (Map.Entry<Integer, Long> end : ends.entrySet()) {
      done += Math.min(end.getValue(), Math.max(0, committed.getOrDefault(end.getKey(), 0L)));
    }
    return done;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted", e);
    }
  }
}
