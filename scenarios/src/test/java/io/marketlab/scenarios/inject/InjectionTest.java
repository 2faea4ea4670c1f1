package io.marketlab.scenarios.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.marketlab.config.LabSettings;
import io.marketlab.harness.StoredAnomaly;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import io.marketlab.scenarios.SharedReplayData;
import io.marketlab.scenarios.compare.InjectionChecks;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceAnalytics;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.run.ScenarioRunner;
import io.marketlab.scenarios.run.SessionCache;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.spec.ScenarioException;
import io.marketlab.scenarios.spec.ScenarioLoader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The injection gate's transform on the real Binance captures, with no engines: it changes exactly
 * the trades it says by exactly what it says, each injection is of its planned size in the
 * detectors' own baseline, and the reference's detectors flag every one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectionTest {

  static final Path ROOT = SharedReplayData.projectRoot();
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  @TempDir static Path dir;

  Scenario scenario;
  ReferenceAnalytics.Params params;
  Path untouched;
  ScenarioRunner.Injected injected;

  @BeforeAll
  void inject() {
    SharedReplayData.require(SharedReplayData.dir().resolve("binance-spot"));
    scenario = new ScenarioLoader(ROOT).load(ROOT.resolve("scenarios/gate/kill-processor.yaml"));
    params =
        ScenarioRunner.anomalyParams(
            LabSettings.load(ROOT, java.util.Map.of(), new java.util.Properties()));
    SessionCache cache = new SessionCache(dir);
    untouched = cache.materialize(scenario, line -> {});
    injected =
        ScenarioRunner.inject(
            scenario,
            untouched,
            dir,
            params,
            ReferenceCalculator.Options.DEFAULT_FUTURE_SKEW,
            line -> {});
  }

  @Test
  void every_asked_for_injection_should_be_planned_after_the_warm_up() {
    Injection.Plan plan = injected.plan();

    assertThat(plan.shortfalls()).isEmpty();
    assertThat(plan.injected()).hasSize(2 * (3 + 3));
    assertThat(plan.injected())
        .allSatisfy(
            one ->
                assertThat(one.sigmas())
                    .isBetween(
                        one.kind().equals(ReferenceAnalytics.PRICE_JUMP) ? 8.25 : 6.5,
                        one.kind().equals(ReferenceAnalytics.PRICE_JUMP) ? 12.0 : 10.0));
  }

  @Test
  void the_reference_detectors_should_flag_every_injection_at_its_planned_size() {
    Reference reference =
        ReferenceCalculator.compute(injected.session(), ReferenceCalculator.Options.defaults());
    List<StoredAnomaly> raised =
        InjectionChecks.asStored(ReferenceAnalytics.compute(reference, params).anomalies());

    InjectionChecks.Recall recall =
        InjectionChecks.recall(injected.plan(), reference, params, raised);

    assertThat(recall.missed()).isEmpty();
    assertThat(recall.offSize()).isEmpty();
    assertThat(recall.jumpsFlagged()).isEqualTo(6);
    assertThat(recall.spikesFlagged()).isEqualTo(6);
    assertThat(recall.smallestJump()).isGreaterThanOrEqualTo(8.2);
    assertThat(InjectionChecks.checks(recall, injected.plan())).allMatch(c -> c.passed());
  }

  @Test
  void a_trade_should_change_by_the_jumps_before_it_and_the_spike_of_its_second_only()
      throws IOException {
    List<Injection.Injected> plan = injected.plan().injected();
    long changed = 0;
    long trades = 0;
    try (SessionReader before = SessionReader.open(untouched);
        SessionReader after = SessionReader.open(injected.session())) {
      Iterator<SessionFrame> a = before.iterator();
      Iterator<SessionFrame> b = after.iterator();
      while (a.hasNext()) {
        assertThat(b.hasNext()).as("as many frames").isTrue();
        SessionFrame old = a.next();
        SessionFrame now = b.next();
        assertThat(now.offsetMicros()).isEqualTo(old.offsetMicros());
        JsonNode oldData = JSON.readTree(old.text()).get("data");
        JsonNode newData = JSON.readTree(now.text()).get("data");
        assertThat(newData.size()).isEqualTo(oldData.size());
        boolean frameChanged = false;
        for (int i = 0; i < oldData.size(); i++) {
          JsonNode o = oldData.get(i);
          JsonNode n = newData.get(i);
          String symbol = o.get("s").asText();
          long ts = o.get("t").asLong();
          BigDecimal shift = BigDecimal.ZERO;
          long factor = 1;
          for (Injection.Injected one : plan) {
            if (!one.symbol().equals(symbol) || ts < one.tsMs()) {
              continue;
            }
            if (one.delta() != null) {
              shift = shift.add(one.delta());
            } else if (ts < one.tsMs() + 1000) {
              factor *= one.factor();
            }
          }
          assertThat(n.get("s").asText()).isEqualTo(symbol);
          assertThat(n.get("t").asLong()).isEqualTo(ts);
          assertThat(n.get("p").decimalValue())
              .isEqualByComparingTo(o.get("p").decimalValue().add(shift));
          assertThat(n.get("v").decimalValue())
              .isEqualByComparingTo(o.get("v").decimalValue().multiply(BigDecimal.valueOf(factor)));
          boolean tradeChanged = shift.signum() != 0 || factor != 1;
          changed += tradeChanged ? 1 : 0;
          frameChanged |= tradeChanged;
          trades++;
        }
        if (!frameChanged) {
          assertThat(now.text())
              .as("a frame no injection touches is kept as it was")
              .isEqualTo(old.text());
        }
      }
      assertThat(b.hasNext()).isFalse();
    }
    assertThat(trades).isEqualTo(34_419);
    assertThat(changed).isPositive().isLessThan(trades);
  }

  @Test
  void the_same_seed_should_inject_the_same_and_another_seed_elsewhere() throws IOException {
    ScenarioRunner.Injected again =
        ScenarioRunner.inject(
            scenario,
            untouched,
            Files.createTempDirectory(dir, "again"),
            params,
            ReferenceCalculator.Options.DEFAULT_FUTURE_SKEW,
            line -> {});
    assertThat(again.plan().injected()).isEqualTo(injected.plan().injected());

    Injection.Spec other =
        new Injection.Spec(
            7, 4, 4, Injection.Spec.DEFAULT_JUMP_SIGMAS, Injection.Spec.DEFAULT_SPIKE_SIGMAS, 20);
    Injection.Plan elsewhere =
        Injection.plan(
            ReferenceCalculator.compute(untouched, ReferenceCalculator.Options.defaults()),
            Injection.priceScales(untouched),
            params,
            other);
    assertThat(elsewhere.injected()).isNotEqualTo(injected.plan().injected());
  }

  @Test
  void an_injection_without_a_seed_should_be_refused_naming_the_field() throws IOException {
    Path file = dir.resolve("no-seed.yaml");
    Files.writeString(
        file,
        "name: no-seed\nsession:\n  synthetic:\n    seed: 1\n  inject:\n    jumps: 2\n"
            + "expect:\n  storedTrades: reference\n");

    assertThatThrownBy(() -> new ScenarioLoader(ROOT).load(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("session.inject.seed");
  }
}
