package io.marketlab.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What replaying a session should store, from a calculator independent of the pipeline. The
 * scenarios module provides the lab's reference calculator this way (listed in {@code
 * META-INF/services/io.marketlab.harness.ReplayReference}), so a module that must not depend on it
 * (the benchmarks) still checks its runs exactly whenever it is on the class path, as under {@code
 * ./lab}.
 */
public interface ReplayReference {

  /** The prediction for a replay of every symbol of {@code session} with a 10 s watermark delay. */
  Prediction predict(Path session);

  /** The expectation of one replay, and the judgement of what it stored. */
  interface Prediction {

    /** The trades and candles the replay must store, and on which days. */
    Expectation expectation();

    /**
     * "yes (...)" when the stored trades and candles are exactly the predicted ones, else "NO: "
     * and why.
     */
    String verdict(List<StoredTrade> trades, List<StoredCandle> candles);
  }

  /** The first reference on the class path, if any. */
  static Optional<ReplayReference> find() {
    return ServiceLoader.load(ReplayReference.class).findFirst();
  }
}
