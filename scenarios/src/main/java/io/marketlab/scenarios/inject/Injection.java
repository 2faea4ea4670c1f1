package io.marketlab.scenarios.inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionReader;
import io.marketlab.model.session.SessionWriter;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceAnalytics;
import io.marketlab.scenarios.reference.ReferenceCandle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded session transform that puts price jumps and volume spikes of known size into a real
 * session at known seconds, so that a gate can state the detectors' recall (docs/ANALYTICS.md).
 *
 * <p>Per symbol, in time order, each injection is sized against the detector's baseline at its
 * second as the session (with the injections before it) gives it, computed by the reference's
 * detectors ({@link ReferenceAnalytics#observe}):
 *
 * <ul>
 *   <li>a <b>price jump</b> of {@code k} robust sigmas at second T adds one decimal {@code Δ} to
 *       the price of every trade of the symbol at or after T, so that the 1 s log return from the
 *       previous final 1 s candle to T's becomes {@code ±k·sigma} (Δ rounded to the symbol's price
 *       decimals: the size is measured again afterwards); the returns after T are the session's
 *       own, a level shift, as a real jump is;
 *   <li>a <b>volume spike</b> of {@code k} robust sigmas multiplies the volume of every trade of
 *       the symbol in second T by the whole number {@code F = ceil(exp(m + k·sd) / volume)}, so
 *       that {@code ln(volume) − m >= k·sd}.
 * </ul>
 *
 * Seconds are picked (seeded) among the scored observations (after warm-up, outside gaps) whose own
 * score is under half the threshold and that no anomaly of their kind came a cool-down or less
 * before (it would be one episode with it), at least {@link Spec#spacingSeconds()} apart.
 * Everything else of the session is kept: the frames no injection touches byte for byte, the
 * receipt times, the frames that are not trades.
 */
public final class Injection {

  /**
   * What to inject, per symbol.
   *
   * @param jumps price jumps per symbol
   * @param spikes volume spikes per symbol
   * @param jumpSigmas {min, max}: each jump's size in robust sigmas, drawn uniformly
   * @param spikeSigmas {min, max}: each spike's size in robust sigmas of log volume
   * @param spacingSeconds the least time between two injections of a symbol
   */
  public record Spec(
      long seed,
      int jumps,
      int spikes,
      double[] jumpSigmas,
      double[] spikeSigmas,
      int spacingSeconds) {

    public static final double[] DEFAULT_JUMP_SIGMAS = {8.25, 16};
    public static final double[] DEFAULT_SPIKE_SIGMAS = {6.5, 12};
    public static final int DEFAULT_SPACING_SECONDS = 20;

    public Spec {
      if (jumps < 0 || spikes < 0 || jumps + spikes == 0) {
        throw new IllegalArgumentException(
            "jumps and spikes must be >= 0 and not both 0, were " + jumps + " and " + spikes);
      }
      check("jumpSigmas", jumpSigmas);
      check("spikeSigmas", spikeSigmas);
      if (spacingSeconds < 2) {
        throw new IllegalArgumentException("spacing must be >= 2 s, was " + spacingSeconds);
      }
    }

    private static void check(String name, double[] range) {
      if (range == null
          || range.length != 2
          || !(range[0] > 0)
          || !(range[1] >= range[0])
          || Double.isInfinite(range[1])) {
        throw new IllegalArgumentException(
            name
                + " must be {min, max} with 0 < min <= max, was "
                + java.util.Arrays.toString(range));
      }
    }

    public String describe() {
      return String.format(
          Locale.ROOT,
          "seed %d, %d price jumps of %s..%s sigmas and %d volume spikes of %s..%s sigmas per"
              + " symbol, %d s apart",
          seed,
          jumps,
          number(jumpSigmas[0]),
          number(jumpSigmas[1]),
          spikes,
          number(spikeSigmas[0]),
          number(spikeSigmas[1]),
          spacingSeconds);
    }

    private static String number(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }

  /**
   * One injected anomaly.
   *
   * @param sigmas the size it was planned at, in the baseline of its second
   * @param delta for a jump, the price added from T on; null for a spike
   * @param factor for a spike, the volume multiplier of second T; 0 for a jump
   */
  public record Injected(
      String symbol, long tsMs, String kind, double sigmas, BigDecimal delta, long factor) {

    public String describe() {
      return String.format(
          Locale.ROOT,
          "%s %s %s %.2f sigmas (%s)",
          symbol,
          Instant.ofEpochMilli(tsMs),
          kind,
          sigmas,
          delta != null
              ? "price " + (delta.signum() >= 0 ? "+" : "") + delta
              : "volume x" + factor);
    }
  }

  /** The injections, oldest first per symbol; fewer than asked where a symbol has no room. */
  public record Plan(Spec spec, List<Injected> injected, List<String> shortfalls) {}

  private Injection() {}

  /**
   * Plans the injections for a session whose (untouched) reference is given.
   *
   * @param priceScale per symbol, the most decimals its prices have in the session
   */
  public static Plan plan(
      Reference untouched,
      Map<String, Integer> priceScale,
      ReferenceAnalytics.Params params,
      Spec spec) {
    Random random = new Random(spec.seed());
    List<Injected> injected = new ArrayList<>();
    List<String> shortfalls = new ArrayList<>();
    for (Map.Entry<String, List<ReferenceCandle>> symbol :
        ReferenceAnalytics.finalSeconds(untouched).entrySet()) {
      String name = symbol.getKey();
      List<ReferenceCandle> original = symbol.getValue();
      List<long[]> gaps = ReferenceAnalytics.gaps(untouched, name);
      int scale = priceScale.getOrDefault(name, 2);
      List<String> kinds = new ArrayList<>();
      for (int i = 0; i < spec.jumps(); i++) {
        kinds.add(ReferenceAnalytics.PRICE_JUMP);
      }
      for (int i = 0; i < spec.spikes(); i++) {
        kinds.add(ReferenceAnalytics.VOLUME_SPIKE);
      }
      java.util.Collections.shuffle(kinds, random);
      List<Injected> mine = new ArrayList<>();
      long after = Long.MIN_VALUE;
      for (int n = 0; n < kinds.size(); n++) {
        String kind = kinds.get(n);
        List<ReferenceCandle> series = apply(original, mine);
        List<ReferenceAnalytics.Observation> observations =
            ReferenceAnalytics.observe(name, series, gaps, params);
        double threshold =
            kind.equals(ReferenceAnalytics.PRICE_JUMP)
                ? params.jumpThreshold()
                : params.volumeThreshold();
        List<ReferenceAnalytics.Observation> candidates = new ArrayList<>();
        long earliest =
            after == Long.MIN_VALUE ? Long.MIN_VALUE : after + spec.spacingSeconds() * 1000L;
        long cooldownMs = params.cooldownSeconds() * 1000L;
        long lastOver = Long.MIN_VALUE; // the last observation of this kind over the threshold
        for (ReferenceAnalytics.Observation o : observations) {
          if (!o.kind().equals(kind) || !o.scored()) {
            continue;
          }
          // Not in the cool-down of an anomaly of its kind: it would be one episode with it.
          boolean cooling = lastOver != Long.MIN_VALUE && o.tsMs() - lastOver <= cooldownMs;
          if (o.tsMs() >= earliest && Math.abs(o.score()) < threshold / 2 && !cooling) {
            candidates.add(o);
          }
          if (o.score() >= threshold) {
            lastOver = o.tsMs();
          }
        }
        if (candidates.isEmpty()) {
          shortfalls.add(
              name
                  + ": no room for "
                  + (kinds.size() - n)
                  + " more after "
                  + Instant.ofEpochMilli(after));
          break;
        }
        // Spread what is left over what is left: pick in the first share of the candidates.
        int share = Math.max(1, candidates.size() / (kinds.size() - n));
        ReferenceAnalytics.Observation at = candidates.get(random.nextInt(share));
        double[] range =
            kind.equals(ReferenceAnalytics.PRICE_JUMP) ? spec.jumpSigmas() : spec.spikeSigmas();
        double k = range[0] + random.nextDouble() * (range[1] - range[0]);
        Injected one =
            kind.equals(ReferenceAnalytics.PRICE_JUMP)
                ? jump(name, series, at, k, random.nextBoolean(), scale)
                : spike(name, at, k);
        if (one == null) {
          shortfalls.add(
              name + ": a jump at " + Instant.ofEpochMilli(at.tsMs()) + " would make a price <= 0");
          break;
        }
        mine.add(one);
        after = at.tsMs();
      }
      injected.addAll(mine);
    }
    return new Plan(spec, List.copyOf(injected), List.copyOf(shortfalls));
  }

  private static Injected jump(
      String symbol,
      List<ReferenceCandle> series,
      ReferenceAnalytics.Observation at,
      double k,
      boolean up,
      int scale) {
    int i = indexOf(series, at.tsMs());
    double previous = series.get(i - 1).close();
    double target = previous * StrictMath.exp((up ? 1 : -1) * k * at.scale());
    BigDecimal delta =
        new BigDecimal(target - series.get(i).close()).setScale(scale, RoundingMode.HALF_EVEN);
    if (series.stream()
        .anyMatch(c -> c.windowStartMs() >= at.tsMs() && c.low() + delta.doubleValue() <= 0)) {
      return null;
    }
    return new Injected(symbol, at.tsMs(), ReferenceAnalytics.PRICE_JUMP, k, delta, 0);
  }

  private static Injected spike(String symbol, ReferenceAnalytics.Observation at, double k) {
    double wanted = StrictMath.exp(at.center() + k * at.scale());
    long factor = Math.max(2, (long) Math.ceil(wanted / at.value()));
    return new Injected(symbol, at.tsMs(), ReferenceAnalytics.VOLUME_SPIKE, k, null, factor);
  }

  private static int indexOf(List<ReferenceCandle> series, long tsMs) {
    for (int i = 0; i < series.size(); i++) {
      if (series.get(i).windowStartMs() == tsMs) {
        return i;
      }
    }
    throw new IllegalStateException("no 1 s candle at " + Instant.ofEpochMilli(tsMs));
  }

  /** The 1 s candles as the injections so far make them (prices shifted, volumes multiplied). */
  static List<ReferenceCandle> apply(List<ReferenceCandle> series, List<Injected> injected) {
    List<ReferenceCandle> result = new ArrayList<>(series.size());
    for (ReferenceCandle c : series) {
      double shift = 0;
      double factor = 1;
      for (Injected one : injected) {
        if (one.delta() != null && c.windowStartMs() >= one.tsMs()) {
          shift += one.delta().doubleValue();
        } else if (one.delta() == null && c.windowStartMs() == one.tsMs()) {
          factor *= one.factor();
        }
      }
      result.add(
          shift == 0 && factor == 1
              ? c
              : new ReferenceCandle(
                  c.symbol(),
                  c.resolution(),
                  c.windowStartMs(),
                  c.open() + shift,
                  c.high() + shift,
                  c.low() + shift,
                  c.close() + shift,
                  c.volume() * factor,
                  c.vwap() + shift,
                  c.tradeCount(),
                  c.firstTradeMs(),
                  c.lastTradeMs()));
    }
    return result;
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  /** Per symbol, the most decimals a trade price of the session has. */
  public static Map<String, Integer> priceScales(Path session) {
    Map<String, Integer> scales = new TreeMap<>();
    try (SessionReader reader = SessionReader.open(session)) {
      for (SessionFrame frame : reader) {
        JsonNode data = trades(frame.text());
        if (data == null) {
          continue;
        }
        for (JsonNode trade : data) {
          JsonNode s = trade.get("s");
          JsonNode p = trade.get("p");
          if (s != null && s.isTextual() && p != null && p.isNumber()) {
            int scale = Math.max(0, p.decimalValue().stripTrailingZeros().scale());
            scales.merge(s.asText(), scale, Math::max);
          }
        }
      }
    }
    return scales;
  }

  /** The trades array of a trade frame; null for any other frame (kept as it is). */
  private static JsonNode trades(String text) {
    ObjectNode root = tradeFrame(text);
    return root == null ? null : root.get("data");
  }

  /** A trade frame, parsed; null for any other frame. */
  private static ObjectNode tradeFrame(String text) {
    if (!text.contains("\"trade\"")) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(text);
      JsonNode data = root == null ? null : root.get("data");
      return root instanceof ObjectNode object
              && "trade".equals(root.path("type").asText())
              && data != null
              && data.isArray()
          ? object
          : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * Writes {@code output}: the session with the plan's injections. Returns how many trades changed.
   */
  public static long write(Path input, Path output, Plan plan) {
    Map<String, List<Injected>> bySymbol = new HashMap<>();
    for (Injected one : plan.injected()) {
      bySymbol.computeIfAbsent(one.symbol(), s -> new ArrayList<>()).add(one);
    }
    long changed = 0;
    try (SessionReader reader = SessionReader.open(input)) {
      SessionHeader header = reader.header();
      Map<String, String> notes = new LinkedHashMap<>(header.notes());
      notes.put("injected", plan.spec().describe() + "; " + plan.injected().size() + " injections");
      SessionHeader out =
          new SessionHeader(
              header.name() + "+injected",
              header.symbols(),
              header.source(),
              header.provenance() + "; anomalies injected (seed " + plan.spec().seed() + ")",
              header.licence(),
              header.startTime(),
              notes);
      try (SessionWriter writer = SessionWriter.create(output, out)) {
        for (SessionFrame frame : reader) {
          ObjectNode root = bySymbol.isEmpty() ? null : tradeFrame(frame.text());
          JsonNode data = root == null ? null : root.get("data");
          boolean touched = false;
          if (data != null) {
            for (JsonNode trade : data) {
              touched |= change(trade, bySymbol);
            }
          }
          if (touched) {
            for (JsonNode trade : data) {
              changed += trade.has(MARK) ? 1 : 0;
              if (trade instanceof ObjectNode object) {
                object.remove(MARK);
              }
            }
            writer.write(new SessionFrame(frame.offsetMicros(), text(root)));
          } else {
            writer.write(frame);
          }
        }
      }
    }
    return changed;
  }

  private static final String MARK = "\u0000injected";

  private static boolean change(JsonNode trade, Map<String, List<Injected>> bySymbol) {
    if (!(trade instanceof ObjectNode object)) {
      return false;
    }
    JsonNode s = trade.get("s");
    JsonNode p = trade.get("p");
    JsonNode t = trade.get("t");
    JsonNode v = trade.get("v");
    if (s == null || !s.isTextual() || t == null || !t.canConvertToLong()) {
      return false;
    }
    List<Injected> mine = bySymbol.get(s.asText());
    if (mine == null) {
      return false;
    }
    long ts = t.asLong();
    BigDecimal shift = BigDecimal.ZERO;
    long factor = 1;
    for (Injected one : mine) {
      if (one.delta() != null && ts >= one.tsMs()) {
        shift = shift.add(one.delta());
      } else if (one.delta() == null && ts >= one.tsMs() && ts < one.tsMs() + 1000) {
        factor *= one.factor();
      }
    }
    boolean touched = false;
    if (shift.signum() != 0 && p != null && p.isNumber()) {
      object.put("p", p.decimalValue().add(shift));
      touched = true;
    }
    if (factor != 1 && v != null && v.isNumber()) {
      object.put("v", v.decimalValue().multiply(BigDecimal.valueOf(factor)));
      touched = true;
    }
    if (touched) {
      object.put(MARK, true);
    }
    return touched;
  }

  private static String text(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a frame again: " + e.getMessage(), e);
    }
  }
}
