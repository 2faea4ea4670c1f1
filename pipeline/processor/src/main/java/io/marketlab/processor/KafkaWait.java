package io.marketlab.processor;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at start until Kafka answers. A processor started during a Kafka outage (a supervised
 * restart after its query failed because Kafka went away) would otherwise fail its first Kafka call
 * within a minute and exit, and each restart would do the same until supervision gives up. One WARN
 * when the wait starts, one INFO when Kafka answers; nothing when it answers at once.
 */
final class KafkaWait {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaWait.class);

  /** One attempt to reach Kafka; returns what answered (for the log), throws when nothing did. */
  interface Probe {
    String check() throws Exception;
  }

  /** Sleeps between attempts (a test records the pauses instead). */
  interface Pause {
    void sleep(long millis) throws InterruptedException;
  }

  private KafkaWait() {}

  /** Waits for the Kafka at {@code bootstrap}, with the store's retry backoff and no give-up. */
  static void await(String bootstrap, StoreSettings settings) {
    Backoff backoff = new Backoff(settings.retryBackoffMinMs(), settings.retryBackoffMaxMs(), 0);
    try {
      await(bootstrap, adminProbe(bootstrap, 5_000), backoff, Thread::sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka at " + bootstrap, e);
    }
  }

  /**
   * Tries {@code probe} until it answers, pausing as {@code backoff} says.
   *
   * @return the failed attempts before the answer
   * @throws IllegalStateException when the backoff gives up, with the last error
   */
  static int await(String where, Probe probe, Backoff backoff, Pause pause)
      throws InterruptedException {
    long startNanos = System.nanoTime();
    int failed = 0;
    while (true) {
      String answer;
      try {
        answer = probe.check();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        Throwable cause =
            e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        failed++;
        if (backoff.exhausted()) {
          throw new IllegalStateException(
              String.format(
                  "Kafka at %s unreachable for %.1f s (%d attempts): %s",
                  where, seconds(startNanos), failed, Failures.describe(cause)),
              cause);
        }
        if (failed == 1) {
          LOG.warn(
              "Kafka at {} is unreachable ({}); the processor waits for it, retrying with backoff"
                  + " up to {} ms",
              where,
              Failures.describe(cause),
              backoff.maxPauseMs());
        }
        pause.sleep(backoff.nextPauseMs());
        continue;
      }
      if (failed > 0) {
        LOG.info(
            String.format(
                "Kafka at %s reachable (%s) after %.1f s (%d failed attempts); starting the queries",
                where, answer, seconds(startNanos), failed));
      }
      return failed;
    }
  }

  /**
   * A probe that asks {@code bootstrap} for its brokers, each attempt bounded by {@code timeoutMs}.
   */
  static Probe adminProbe(String bootstrap, int timeoutMs) {
    return () -> {
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                  AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000))) {
        int brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
        return brokers + " broker(s)";
      }
    };
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
