package io.marketlab.processor;

import java.util.function.Supplier;

/** Runs one Cassandra operation until it works, waiting with backoff while the store is away. */
final class Retry {

  private Retry() {}

  /**
   * The result of {@code action}, retried while it fails in a way a retry can fix ({@link
   * Failures#RETRY}); any other failure, or waiting past the give-up time, is thrown.
   */
  static <T> T call(StoreSettings settings, String doing, Supplier<T> action) {
    Backoff backoff = Backoff.of(settings);
    while (true) {
      try {
        T result = action.get();
        StoreHealth.JVM.reachable();
        return result;
      } catch (RuntimeException e) {
        if (Failures.of(e) != Failures.RETRY) {
          throw e;
        }
        StoreHealth.JVM.unreachable(settings.where(), doing, e, settings.retryBackoffMaxMs());
        if (backoff.exhausted()) {
          throw new IllegalStateException(
              doing
                  + ": Cassandra at "
                  + settings.where()
                  + " unreachable for longer than "
                  + settings.retryGiveUpMs()
                  + " ms (retry-give-up): "
                  + Failures.describe(e),
              e);
        }
        backoff.pause();
      }
    }
  }

  static void run(StoreSettings settings, String doing, Runnable action) {
    call(
        settings,
        doing,
        () -> {
          action.run();
          return null;
        });
  }
}
