package io.marketlab.harness;

import io.marketlab.fixtures.EngineException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
    long last = -1;
    long lastChange = System.nanoTime();
    while (received.getAsLong() < expected) {
      check.run();
      long now = received.getAsLong();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > 30_000_000_000L) {
        progress.accept(
            String.format(
                Locale.ROOT,
                "the ingest received %d of %d trades and nothing more for 30 s",
                now,
                expected));
        return;
      }
      pause(100);
    }
  }

  /**
   * Until {@code expected} trades are stored, or nothing new is stored for {@code stallTimeout}.
   */
  void awaitStored(LongSupplier storedTrades, long expected, Duration stallTimeout) {
    long last = -1;
    long lastChange = System.nanoTime();
    long lastReport = 0;
    while (true) {
      check.run();
      long stored = storedTrades.getAsLong();
      if (stored >= expected) {
        return;
      }
      if (stored != last) {
        last = stored;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > stallTimeout.toNanos()) {
        progress.accept(
            String.format(
                Locale.ROOT,
                "stored %d of %d trades and nothing new for %d s; checking what " + "is there",
                stored,
                expected,
                stallTimeout.toSeconds()));
        return;
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        progress.accept(String.format(Locale.ROOT, "stored %d of %d trades", stored, expected));
        lastReport = System.nanoTime();
      }
      pause(500);
    }
  }

  /**
   * Candles are rewritten after the trades of their batch: waits until at least as many as expected
   * are there and two reads agree (or a minute passes; a comparison then says what differs).
   */
  List<StoredCandle> awaitStable(Supplier<List<StoredCandle>> candles, int expected) {
    List<StoredCandle> previous = candles.get();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      check.run();
      pause(1_000);
      List<StoredCandle> current = candles.get();
      if (current.size() >= expected && current.equals(previous)) {
        return current;
      }
      previous = current;
    }
    return previous;
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
