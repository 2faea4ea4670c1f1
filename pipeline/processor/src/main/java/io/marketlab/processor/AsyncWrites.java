package io.marketlab.processor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs many writes concurrently with at most N in flight, and waits for all of them: the batch is
 * committed to Spark's checkpoint only after every write succeeded, and one failure fails the batch
 * (Spark then stops the query; a restart replays the batch, and the writes are upserts).
 */
final class AsyncWrites {

  private final CqlSession session;
  private final int maxInFlight;

  AsyncWrites(CqlSession session, int maxInFlight) {
    this.session = session;
    this.maxInFlight = maxInFlight;
  }

  void executeAll(List<? extends Statement<?>> statements, String table) {
    if (statements.isEmpty()) {
      return;
    }
    Semaphore permits = new Semaphore(maxInFlight);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CompletableFuture<?>[] pending = new CompletableFuture<?>[statements.size()];
    for (int i = 0; i < statements.size() && failure.get() == null; i++) {
      permits.acquireUninterruptibly();
      pending[i] = session.executeAsync(statements.get(i)).toCompletableFuture()
          .whenComplete((result, error) -> {
            permits.release();
            if (error != null) {
              failure.compareAndSet(null, error);
            }
          });
    }
    for (CompletableFuture<?> future : pending) {
      if (future != null) {
        try {
          future.join();
        } catch (CompletionException e) {
          failure.compareAndSet(null, e.getCause());
        }
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("writing " + statements.size() + " statement(s) to " + table
          + " failed: " + failure.get().getMessage(), failure.get());
    }
  }

  ResultSet query(Statement<?> statement, String table) {
    try {
      return session.execute(statement);
    } catch (DriverException e) {
      throw new IllegalStateException("reading " + table + " failed: " + e.getMessage(), e);
    }
  }
}
