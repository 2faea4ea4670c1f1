package io.marketlab.harness;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ReadFailureException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.marketlab.fixtures.EngineException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Bounded retries of one read of the store: a read that timed out or found no replica answering is
 * asked again after a pause that doubles, at most {@code attempts} times in all, each retry one
 * logged line; anything else (a bad query, a missing table) fails at once. A read-back is many such
 * reads (one per page), so one slow page costs a retry, not the run.
 */
final class ReadRetry {

  /** Pauses between attempts; tests pass one that records instead of sleeping. */
  interface Sleeper {
    void sleep(Duration pause);
  }

  static final int DEFAULT_ATTEMPTS = 5;
  static final Duration DEFAULT_FIRST_PAUSE = Duration.ofSeconds(1);
  static final Duration DEFAULT_MAX_PAUSE = Duration.ofSeconds(8);

  private final int attempts;
  private final Duration firstPause;
  private final Duration maxPause;
  private final Consumer<String> log;
  private final Sleeper sleeper;

  ReadRetry(
      int attempts, Duration firstPause, Duration maxPause, Consumer<String> log, Sleeper sleeper) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
    }
    this.attempts = attempts;
    this.firstPause = firstPause;
    this.maxPause = maxPause;
    this.log = log;
    this.sleeper = sleeper;
  }

  /** 5 attempts, 1 s, 2 s, 4 s, 8 s apart; retries go to {@code log}. */
  static ReadRetry standard(Consumer<String> log) {
    return new ReadRetry(
        DEFAULT_ATTEMPTS,
        DEFAULT_FIRST_PAUSE,
        DEFAULT_MAX_PAUSE,
        log,
        pause -> Waits.pause(pause.toMillis()));
  }

  /**
   * The value of {@code read}, asked again while it fails with a retriable error.
   *
   * @param what names the read in the log and the error ("candles page 3")
   * @throws EngineException when the attempts are used up (the last error as its cause)
   * @throws RuntimeException a failure that is not retriable, as it was thrown
   */
  <T> T call(String what, Supplier<T> read) {
    Duration pause = firstPause;
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (RuntimeException e) {
        if (!isRetriable(e)) {
          throw e;
        }
        if (attempt >= attempts) {
          throw new EngineException(
              "reading " + what + " failed " + attempts + " times; last: " + summary(e), e);
        }
        log.accept(
            String.format(
                Locale.ROOT,
                "reading %s failed (%s); retry %d of %d in %d ms",
                what,
                summary(e),
                attempt,
                attempts - 1,
                pause.toMillis()));
        sleeper.sleep(pause);
        pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
      }
    }
  }

  /** Timeouts and missing replicas pass; the same read may succeed a moment later. */
  static boolean isRetriable(Throwable error) {
    return error instanceof DriverTimeoutException
        || error instanceof ReadTimeoutException
        || error instanceof ReadFailureException
        || error instanceof UnavailableException
        || error instanceof OverloadedException
        || error instanceof AllNodesFailedException
        || error instanceof BusyConnectionException
        || error instanceof ClosedConnectionException;
  }

  private static String summary(Throwable error) {
    String message = String.valueOf(error.getMessage());
    return error.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(message);
  }
}
