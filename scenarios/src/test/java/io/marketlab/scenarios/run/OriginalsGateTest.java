package io.marketlab.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.marketlab.harness.StoredTrade;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import io.marketlab.scenarios.SharedReplayData;
import io.marketlab.scenarios.compare.Comparisons;
import io.marketlab.scenarios.reference.OriginalTrade;
import io.marketlab.scenarios.reference.Originals;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.spec.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real-data scenario of the gate, without engines: the reference the reference computes from
 * the original files equals the one it computes from the session the importer makes of them (a
 * cross-check of the importers and of the reference's own readers), the pinned trade count holds,
 * and a session that lacks one trade is caught by the comparison, naming the trade.
 */
class OriginalsGateTest {

  @TempDir Path dir;

  private final Map<Scenario.ImportSession, Path> sessions = new HashMap<>();

  private static List<Scenario> importScenarios() {
    Path root = SharedReplayData.projectRoot();
    List<Scenario> imports = new ArrayList<>();
    for (Scenario scenario :
        new ScenarioLoader(root).loadAll(root.resolve("scenarios").resolve("gate"))) {
      // An injected session is its own original (the reference reads the transform's output);
      // its untouched import is the same as another scenario's of the same files.
      if (scenario.session() instanceof Scenario.ImportSession && scenario.inject() == null) {
        scenario.session().inputs().forEach(SharedReplayData::require);
        imports.add(scenario);
      }
    }
    assertThat(imports).as("gate scenarios that import real data").isNotEmpty();
    return imports;
  }

  /** What the harness replays: the importer's session, imported once per distinct plan. */
  private Path session(Scenario scenario) {
    return sessions.computeIfAbsent(
        (Scenario.ImportSession) scenario.session(),
        plan -> new SessionCache(dir).materialize(scenario, line -> {}));
  }

  @Test
  void the_reference_from_the_originals_should_equal_the_one_from_the_imported_session() {
    for (Scenario scenario : importScenarios()) {
      List<Check> checks = new ArrayList<>();

      Reference fromOriginals = ScenarioRunner.reference(scenario, session(scenario), checks);
      Reference fromSession =
          ReferenceCalculator.compute(
              session(scenario),
              new ReferenceCalculator.Options(scenario.symbols(), scenario.watermark()));

      String name = scenario.name();
      assertThat(fromOriginals.trades()).as(name).isNotEmpty();
      sameInOrder(name + " trades", fromOriginals.trades(), fromSession.trades());
      sameInOrder(name + " candles", fromOriginals.candles(), fromSession.candles());
      assertThat(fromOriginals.lateTrades()).as(name).isEqualTo(fromSession.lateTrades());
      assertThat(fromSession.deadLetters()).as(name).isZero();
      assertThat(fromOriginals.deadLetters()).as(name).isZero();
      if (scenario.expect().storedTrades().isReference()) {
        fail(name + " imports real data but pins no expect.storedTrades");
      }
      assertThat(checks)
          .as(name)
          .singleElement()
          .satisfies(check -> assertThat(check.passed()).as(check.oneLine()).isTrue());
    }
  }

  @Test
  void a_session_without_the_last_trade_of_a_file_should_fail_naming_the_trade() {
    for (Scenario scenario : importScenarios()) {
      Scenario.ImportSession plan = (Scenario.ImportSession) scenario.session();
      Originals originals = Originals.read(inputs(plan));
      Reference reference =
          ScenarioRunner.reference(scenario, session(scenario), new ArrayList<>());
      String lastFile = plan.files().get(plan.files().size() - 1).getFileName().toString();
      OriginalTrade last = null;
      for (OriginalTrade trade : originals.trades()) {
        if (trade.where().startsWith(lastFile)) {
          last = trade;
        }
      }
      assertThat(last).as("a trade of " + lastFile).isNotNull();
      List<StoredTrade> stored = tradesOf(session(scenario));
      assertThat(Comparisons.trades(reference.trades(), stored).passed())
          .as(scenario.name() + ": the whole session")
          .isTrue();

      stored.remove(lastIndexOf(stored, last));
      Check check = Comparisons.trades(reference.trades(), stored);

      assertThat(check.passed()).as(scenario.name()).isFalse();
      assertThat(check.detail())
          .as(scenario.name())
          .isEqualTo(
              "missing 1 (1× "
                  + last.symbol()
                  + " "
                  + last.price()
                  + " x "
                  + last.volume()
                  + " at "
                  + Instant.ofEpochMilli(last.timeMs())
                  + " "
                  + last.conditions()
                  + ")");
    }
  }

  private static Originals.Inputs inputs(Scenario.ImportSession plan) {
    return new Originals.Inputs(
        plan.format().cliName(), plan.files(), plan.symbols(), plan.from(), plan.to(), plan.zone());
  }

  /** The session's trades as the pipeline would store them (read with the project's own codec). */
  private static List<StoredTrade> tradesOf(Path session) {
    List<StoredTrade> trades = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(session)) {
      for (SessionFrame frame : reader) {
        if (FinnhubCodec.parse(frame.text()) instanceof FinnhubMessage.Trades parsed) {
          for (TradeTick tick : parsed.valid()) {
            trades.add(
                new StoredTrade(
                    tick.symbol(),
                    tick.price(),
                    tick.volume(),
                    tick.timeMs(),
                    tick.conditions(),
                    0,
                    0));
          }
        }
      }
    }
    return trades;
  }

  private static int lastIndexOf(List<StoredTrade> trades, OriginalTrade wanted) {
    for (int i = trades.size() - 1; i >= 0; i--) {
      StoredTrade trade = trades.get(i);
      if (trade.symbol().equals(wanted.symbol())
          && trade.price() == wanted.price()
          && trade.volume() == wanted.volume()
          && trade.timeMs() == wanted.timeMs()
          && trade.conditions().equals(wanted.conditions())) {
        return i;
      }
    }
    throw new AssertionError("not in the session: " + wanted.describe());
  }

  /** Equal lists, or the first place they differ. */
  private static <T> void sameInOrder(String what, List<T> expected, List<T> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        fail(
            what
                + " differ at "
                + i
                + ": originals "
                + expected.get(i)
                + ", session "
                + actual.get(i));
      }
    }
    assertThat(actual.size()).as(what + ": session vs originals").isEqualTo(expected.size());
  }
}
