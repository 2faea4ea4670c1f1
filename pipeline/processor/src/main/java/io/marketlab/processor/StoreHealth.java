package io.marketlab.processor;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this JVM can write to Cassandra, as its writers see it. One WARN line when an outage
 * starts and one INFO line when it ends, however many rows and tasks wait meanwhile; the driver's
 * {@link ProcessorStatus} shows it (in local mode the executors are this JVM).
 */
final class StoreHealth {

  private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

  /** The health of this JVM's writers. */
  static final StoreHealth JVM = new StoreHealth();

  /** An outage: since when, why it started, how many retries it has cost so far. */
  record Outage(Instant since, String firstError, long retries) {}

  private final AtomicReference<Instant> since = new AtomicReference<>();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final AtomicLong retries = new AtomicLong();

  /** A request failed in a way a retry can fix; the caller waits and retries. */
  void unreachable(String where, String doing, Throwable error, long backoffMaxMs) {
    retries.incrementAndGet();
    Instant now = Instant.now();
    if (since.compareAndSet(null, now)) {
      firstError.set(Failures.describe(error));
      LOG.warn(
          "Cassandra at {} is unreachable ({} failed: {}); writes wait and retry with backoff "
              + "up to {} ms, the stream waits, Kafka keeps the data",
          where,
          doing,
          Failures.describe(error),
          backoffMaxMs);
    }
  }

  /** A request succeeded: ends the outage, if there was one. */
  void reachable() {
    if (since.get() == null) {
      return;
    }
    Instant started = since.getAndSet(null);
    if (started != null) {
      long seconds10 = (System.currentTimeMillis() - started.toEpochMilli()) / 100;
      LOG.info(
          "Cassandra reachable again after {}.{} s ({} retries); writing resumes",
          seconds10 / 10,
          seconds10 % 10,
          retries.getAndSet(0));
    }
  }

  Optional<Outage> outage() {
    Instant started = since.get();
    return started == null
        ? Optional.empty()
        : Optional.of(new Outage(started, firstError.get(), retries.get()));
  }
}
