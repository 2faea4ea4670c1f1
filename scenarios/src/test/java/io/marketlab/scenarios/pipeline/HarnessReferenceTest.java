package io.marketlab.scenarios.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.Expectation;
import io.marketlab.harness.ReplayReference;
import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredTrade;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference reaches modules that only know the harness (the benchmarks) through ServiceLoader.
 */
class HarnessReferenceTest {

  @TempDir Path dir;

  @Test
  void should_be_found_on_the_class_path_and_predict_what_the_reference_computes() {
    Path session = dir.resolve("s.session.gz");
    SyntheticSession.write(SyntheticSession.Spec.standard(7), session);
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());

    ReplayReference.Prediction prediction = ReplayReference.find().orElseThrow().predict(session);
    Expectation expected = prediction.expectation();

    assertThat(ReplayReference.find()).containsInstanceOf(HarnessReference.class);
    assertThat(expected.trades()).isEqualTo(reference.trades().size());
    assertThat(expected.candles()).isEqualTo(reference.candles().size());
    List<StoredTrade> trades = new ArrayList<>();
    for (ReferenceTrade t : reference.trades()) {
      trades.add(
          new StoredTrade(t.symbol(), t.price(), t.volume(), t.timeMs(), t.conditions(), 0, 0));
    }
    List<StoredCandle> candles = new ArrayList<>();
    for (ReferenceCandle c : reference.candles()) {
      candles.add(
          new StoredCandle(
              c.symbol(),
              c.resolution().label(),
              c.windowStartMs(),
              c.open(),
              c.high(),
              c.low(),
              c.close(),
              c.volume(),
              c.vwap(),
              c.tradeCount(),
              c.firstTradeMs(),
              c.lastTradeMs()));
    }
    assertThat(prediction.verdict(trades, candles)).startsWith("yes");
    assertThat(prediction.verdict(trades.subList(1, trades.size()), candles)).startsWith("NO: ");
  }
}
