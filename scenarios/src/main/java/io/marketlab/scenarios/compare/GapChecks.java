package io.marketlab.scenarios.compare;

import io.marketlab.harness.StoredGap;
import io.marketlab.harness.StoredMark;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceGap;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.report.Check;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gaps are data: every gap the reference expects is stored once with its bounds (symbol, reason
 * category, trade times of both ends), none more; the candles stored incomplete are exactly those
 * the reference's gaps touch; and a row that holds only a mark lies in a gap.
 */
public final class GapChecks {

  private static final int SHOWN = 5;

  private GapChecks() {}

  /** The stored gaps against the expected ones, as multisets of (symbol, category, from, to). */
  public static Check gaps(List<ReferenceGap> expected, List<StoredGap> stored) {
    Map<ReferenceGap, Integer> missing = new HashMap<>();
    for (ReferenceGap gap : expected) {
      missing.merge(gap, 1, Integer::sum);
    }
    List<String> extra = new ArrayList<>();
    for (StoredGap row : stored) {
      ReferenceGap gap = new ReferenceGap(row.symbol(), row.category(), row.fromMs(), row.toMs());
      Integer left = missing.get(gap);
      if (left == null) {
        extra.add(gap.toString());
      } else if (left == 1) {
        missing.remove(gap);
      } else {
        missing.put(gap, left - 1);
      }
    }
    List<String> absent = new ArrayList<>();
    for (Map.Entry<ReferenceGap, Integer> entry : missing.entrySet()) {
      absent.add((entry.getValue() > 1 ? entry.getValue() + "× " : "") + entry.getKey());
    }
    boolean passed = absent.isEmpty() && extra.isEmpty();
    String detail =
        passed
            ? expected.size() + " gaps recorded with their bounds"
            : "missing "
                + absent.size()
                + " "
                + head(absent)
                + "; unexpected "
                + extra.size()
                + " "
                + head(extra);
    return Check.of(
        "gaps recorded with their bounds",
        passed,
        expected.size() + " gaps",
        stored.size() + " gaps",
        detail);
  }

  /** Stored incomplete candles = the reference's; mark-only rows only inside a gap. */
  public static Check incomplete(Reference reference, List<StoredMark> marks) {
    Set<String> expected = new TreeSet<>();
    for (ReferenceCandle.Key key : reference.incompleteCandles()) {
      expected.add(key.toString());
    }
    Set<String> stored = new TreeSet<>();
    List<String> strayMarks = new ArrayList<>();
    for (StoredMark mark : marks) {
      Resolution resolution = Resolution.of(mark.resolution());
      ReferenceCandle.Key key =
          new ReferenceCandle.Key(mark.symbol(), resolution, mark.windowStartMs());
      if (mark.hasCandle()) {
        stored.add(key.toString());
      } else if (!inAGap(reference.gaps(), key)) {
        strayMarks.add(key.toString());
      }
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(stored);
    Set<String> unexpected = new TreeSet<>(stored);
    unexpected.removeAll(expected);
    boolean passed = missing.isEmpty() && unexpected.isEmpty() && strayMarks.isEmpty();
    String detail =
        passed
            ? expected.size() + " candles incomplete, as the gaps say"
            : "not marked "
                + missing.size()
                + " "
                + head(new ArrayList<>(missing))
                + "; marked but complete "
                + unexpected.size()
                + " "
                + head(new ArrayList<>(unexpected))
                + "; marks outside every gap "
                + strayMarks.size()
                + " "
                + head(strayMarks);
    return Check.of(
        "incomplete candles = the gaps' windows",
        passed,
        expected.size() + " incomplete",
        stored.size() + " incomplete",
        detail);
  }

  private static boolean inAGap(List<ReferenceGap> gaps, ReferenceCandle.Key key) {
    for (ReferenceGap gap : gaps) {
      if (gap.symbol().equals(key.symbol())
          && gap.touches(key.windowStartMs(), key.resolution().millis())) {
        return true;
      }
    }
    return false;
  }

  private static String head(List<String> items) {
    if (items.isEmpty()) {
      return "";
    }
    List<String> shown = items.subList(0, Math.min(SHOWN, items.size()));
    return "(" + String.join(", ", shown) + (items.size() > SHOWN ? ", ..." : "") + ")";
  }
}
