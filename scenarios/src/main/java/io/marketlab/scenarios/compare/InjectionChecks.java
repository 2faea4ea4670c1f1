package io.marketlab.scenarios.compare;

import io.marketlab.harness.StoredAnomaly;
import io.marketlab.scenarios.inject.Injection;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceAnalytics;
import io.marketlab.scenarios.report.Check;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The recall of the detectors on a session with injected anomalies ({@link Injection}): each
 * injection's size measured again on the injected session's reference (its score at its second),
 * and whether the pipeline stored an anomaly of its kind at its second.
 */
public final class InjectionChecks {

  private InjectionChecks() {}

  /** What was injected, measured, and found in the store. */
  public record Recall(
      int jumps,
      int jumpsFlagged,
      int spikes,
      int spikesFlagged,
      double smallestJump,
      double smallestSpike,
      List<String> missed,
      List<String> offSize) {

    public String describe() {
      return String.format(
          Locale.ROOT,
          "price jumps %d/%d flagged (smallest %.2f robust sigmas), volume spikes %d/%d flagged"
              + " (smallest %.2f): recall %s",
          jumpsFlagged,
          jumps,
          smallestJump,
          spikesFlagged,
          spikes,
          smallestSpike,
          jumps + spikes == 0
              ? "none injected"
              : String.format(
                  Locale.ROOT,
                  "%.1f %%",
                  100.0 * (jumpsFlagged + spikesFlagged) / (jumps + spikes)));
    }
  }

  public static Recall recall(
      Injection.Plan plan,
      Reference injected,
      ReferenceAnalytics.Params params,
      List<StoredAnomaly> stored) {
    Map<String, Double> measured = new HashMap<>();
    for (Map.Entry<String, List<io.marketlab.scenarios.reference.ReferenceCandle>> symbol :
        ReferenceAnalytics.finalSeconds(injected).entrySet()) {
      for (ReferenceAnalytics.Observation o :
          ReferenceAnalytics.observe(
              symbol.getKey(),
              symbol.getValue(),
              ReferenceAnalytics.gaps(injected, symbol.getKey()),
              params)) {
        if (o.scored()) {
          measured.put(key(o.symbol(), o.tsMs(), o.kind()), o.score());
        }
      }
    }
    Set<String> found = new HashSet<>();
    for (StoredAnomaly a : stored) {
      found.add(key(a.symbol(), a.tsMs(), a.kind()));
    }
    int jumps = 0;
    int jumpsFlagged = 0;
    int spikes = 0;
    int spikesFlagged = 0;
    double smallestJump = Double.POSITIVE_INFINITY;
    double smallestSpike = Double.POSITIVE_INFINITY;
    List<String> missed = new ArrayList<>();
    List<String> offSize = new ArrayList<>();
    for (Injection.Injected one : plan.injected()) {
      String key = key(one.symbol(), one.tsMs(), one.kind());
      Double size = measured.get(key);
      boolean jump = one.kind().equals(ReferenceAnalytics.PRICE_JUMP);
      boolean flagged = found.contains(key);
      double sigmas = size == null ? Double.NaN : size;
      if (jump) {
        jumps++;
        jumpsFlagged += flagged ? 1 : 0;
        smallestJump = Math.min(smallestJump, sigmas);
      } else {
        spikes++;
        spikesFlagged += flagged ? 1 : 0;
        smallestSpike = Math.min(smallestSpike, sigmas);
      }
      if (!flagged) {
        missed.add(one.describe() + String.format(Locale.ROOT, ", measured %.2f", sigmas));
      }
      // A jump's Δ is rounded to the price decimals; a spike's factor only rounds up.
      double tolerance = jump ? 0.05 : 1e-9;
      if (size == null || size < one.sigmas() - tolerance) {
        offSize.add(
            one.describe()
                + (size == null
                    ? ": no scored observation there"
                    : String.format(Locale.ROOT, ": measured %.3f", size)));
      }
    }
    return new Recall(
        jumps,
        jumpsFlagged,
        spikes,
        spikesFlagged,
        smallestJump,
        smallestSpike,
        List.copyOf(missed),
        List.copyOf(offSize));
  }

  /**
   * Every injected anomaly is in the store (the target: recall 100 %), each of its planned size.
   */
  public static List<Check> checks(Recall recall, Injection.Plan plan) {
    List<Check> checks = new ArrayList<>();
    int injected = recall.jumps() + recall.spikes();
    int flagged = recall.jumpsFlagged() + recall.spikesFlagged();
    checks.add(
        Check.of(
            "injected anomalies flagged (recall)",
            injected > 0 && flagged == injected && plan.shortfalls().isEmpty(),
            injected + " of " + injected,
            flagged + " of " + injected,
            recall.describe()
                + (recall.missed().isEmpty()
                    ? ""
                    : "; missed: " + String.join("; ", recall.missed()))
                + (plan.shortfalls().isEmpty()
                    ? ""
                    : "; planned fewer: " + String.join("; ", plan.shortfalls()))));
    checks.add(
        Check.of(
            "injected anomalies are of their planned size",
            recall.offSize().isEmpty(),
            "each at least its planned sigmas",
            recall.offSize().isEmpty() ? "all" : recall.offSize().size() + " smaller",
            String.join("; ", recall.offSize())));
    return checks;
  }

  /** The reference's anomalies as the store's rows: the recall of the reference itself. */
  public static List<StoredAnomaly> asStored(List<ReferenceAnalytics.Anomaly> anomalies) {
    List<StoredAnomaly> rows = new ArrayList<>();
    for (ReferenceAnalytics.Anomaly a : anomalies) {
      rows.add(
          new StoredAnomaly(
              a.symbol(),
              a.tsMs(),
              a.kind(),
              a.score(),
              a.value(),
              a.baseline(),
              a.threshold(),
              a.close(),
              a.volume(),
              a.prevTsMs(),
              a.prevClose()));
    }
    return rows;
  }

  private static String key(String symbol, long tsMs, String kind) {
    return symbol + " " + tsMs + " " + kind;
  }
}
