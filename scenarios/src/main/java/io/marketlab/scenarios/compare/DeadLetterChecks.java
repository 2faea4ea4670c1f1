package io.marketlab.scenarios.compare;

import io.marketlab.harness.StoredDeadLetter;
import io.marketlab.scenarios.reference.ReferenceDeadLetter;
import io.marketlab.scenarios.report.Check;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of a run's dead-letter topic, read from Kafka, against the reference's expected dead
 * letters: one record per expected dead letter (one per bad frame), each the frame it came from
 * (matched by its size, its first {@value #HEAD_BYTES} bytes and its first rejected trade's index,
 * so a value cut to its head still matches) with the reason's category ({@code malformed}, {@code
 * unknown-type}, {@code rejected}: the text before the first colon of the {@code reason} header)
 * and, for rejected trades, their number and indexes ({@code rejected_count}, {@code
 * rejected_indexes}).
 */
public final class DeadLetterChecks {

  /** How much of a frame identifies it; the ingest keeps at least this much of any frame. */
  static final int HEAD_BYTES = 4096;

  private static final int EXCERPT_CHARS = 60;

  private DeadLetterChecks() {}

  /** Every expected dead letter is in the topic once, with its reason; nothing else is. */
  public static Check matches(List<ReferenceDeadLetter> expected, List<StoredDeadLetter> actual) {
    Map<String, List<ReferenceDeadLetter>> wanted = new LinkedHashMap<>();
    for (ReferenceDeadLetter letter : expected) {
      byte[] frame = letter.frameText().getBytes(StandardCharsets.UTF_8);
      wanted
          .computeIfAbsent(
              identity(letter.indexInFrame(), frame.length, frame), key -> new ArrayList<>())
          .add(letter);
    }
    Map<String, List<StoredDeadLetter>> found = new LinkedHashMap<>();
    for (StoredDeadLetter letter : actual) {
      found
          .computeIfAbsent(
              identity(letter.indexInFrame(), letter.frameBytes(), letter.value()),
              key -> new ArrayList<>())
          .add(letter);
    }
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, List<ReferenceDeadLetter>> entry : wanted.entrySet()) {
      List<ReferenceDeadLetter> want = new ArrayList<>(entry.getValue());
      List<StoredDeadLetter> got = found.remove(entry.getKey());
      got = got == null ? new ArrayList<>() : new ArrayList<>(got);
      // the same category on both sides first, so a mismatch pairs what is really different;
      // frames with equal bytes are told apart by count, the earliest matched first
      List<ReferenceDeadLetter> unmatched = new ArrayList<>();
      for (ReferenceDeadLetter letter : want) {
        boolean matched = false;
        for (int j = 0; j < got.size() && !matched; j++) {
          if (got.get(j).category().equals(letter.category())) {
            String indexes = indexDifference(letter, got.get(j));
            if (indexes != null) {
              differences.add(describe(letter) + ": " + indexes + " at " + got.get(j).position());
            }
            got.remove(j);
            matched = true;
          }
        }
        if (!matched) {
          unmatched.add(letter);
        }
      }
      want = unmatched;
      int both = Math.min(want.size(), got.size());
      for (int i = 0; i < both; i++) {
        differences.add(
            describe(want.get(i))
                + ": reason expected '"
                + want.get(i).category()
                + ": ...', got '"
                + got.get(i).reason()
                + "' at "
                + got.get(i).position());
      }
      for (int i = both; i < want.size(); i++) {
        differences.add("missing " + describe(want.get(i)) + " '" + want.get(i).category() + "'");
      }
      for (int i = both; i < got.size(); i++) {
        differences.add("not in the reference: " + describe(got.get(i)));
      }
    }
    for (List<StoredDeadLetter> extra : found.values()) {
      for (StoredDeadLetter letter : extra) {
        differences.add("not in the reference: " + describe(letter));
      }
    }
    boolean passed = differences.isEmpty();
    return Check.of(
        "dead-letter topic = reference (each frame once, with its reason)",
        passed,
        expected.size() + " " + expectedCategories(expected),
        actual.size() + " " + categories(actual),
        passed ? "" : differences.size() + " difference(s): " + Comparisons.head(differences));
  }

  /**
   * Whether a rejected frame's letter names the expected trades: {@code rejected_count} is their
   * number and {@code rejected_indexes} lists them (or, capped, the first of them); null when it
   * does.
   */
  static String indexDifference(ReferenceDeadLetter want, StoredDeadLetter got) {
    List<Integer> expected = want.rejectedIndexes();
    List<Integer> listed = got.rejectedIndexes();
    boolean countOk =
        got.rejectedCount() == expected.size() || (expected.isEmpty() && got.rejectedCount() < 0);
    boolean listOk =
        listed.size() <= expected.size()
            && listed.equals(expected.subList(0, listed.size()))
            && (listed.size() == expected.size() || got.rejectedCount() > listed.size());
    if (countOk && listOk) {
      return null;
    }
    return "rejected trades expected "
        + expected.size()
        + " "
        + head(expected)
        + ", got rejected_count "
        + got.rejectedCount()
        + " rejected_indexes "
        + head(listed);
  }

  private static String head(List<Integer> indexes) {
    return indexes.size() <= 10
        ? indexes.toString()
        : indexes.subList(0, 10).toString().replace("]", ", ...]");
  }

  /** The topic holds {@code expected} records (a number the scenario gives). */
  public static Check count(long expected, List<StoredDeadLetter> actual) {
    boolean passed = expected == actual.size();
    List<String> shown = new ArrayList<>();
    for (StoredDeadLetter letter : actual) {
      shown.add(describe(letter));
    }
    return Check.of(
        "dead-letter topic records",
        passed,
        expected,
        actual.size() + " " + categories(actual),
        passed
            ? ""
            : "expected " + expected + ", got " + actual.size() + " " + Comparisons.head(shown));
  }

  private static String identity(int index, long frameBytes, byte[] value) {
    byte[] head =
        Arrays.copyOf(value, (int) Math.min(Math.min(HEAD_BYTES, frameBytes), value.length));
    try {
      return index
          + "/"
          + frameBytes
          + "/"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(head));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String describe(ReferenceDeadLetter letter) {
    return "session frame #"
        + letter.frame()
        + (letter.indexInFrame() < 0 ? "" : " trade " + letter.indexInFrame())
        + " "
        + excerpt(letter.frameText());
  }

  private static String describe(StoredDeadLetter letter) {
    return letter.position()
        + (letter.indexInFrame() < 0 ? "" : " trade " + letter.indexInFrame())
        + " reason '"
        + letter.reason()
        + "' "
        + excerpt(new String(letter.value(), StandardCharsets.UTF_8));
  }

  private static String excerpt(String text) {
    String line =
        text.substring(0, Math.min(text.length(), 4 * EXCERPT_CHARS)).replaceAll("\\s+", " ");
    return "`"
        + (line.length() > EXCERPT_CHARS ? line.substring(0, EXCERPT_CHARS) + "…" : line)
        + "`";
  }

  private static String categories(List<StoredDeadLetter> letters) {
    Map<String, Integer> counts = new TreeMap<>();
    for (StoredDeadLetter letter : letters) {
      counts.merge(
          letter.category().isEmpty() ? "(no reason)" : letter.category(), 1, Integer::sum);
    }
    return counts.toString();
  }

  private static String expectedCategories(List<ReferenceDeadLetter> letters) {
    Map<String, Integer> counts = new TreeMap<>();
    for (ReferenceDeadLetter letter : letters) {
      counts.merge(letter.category(), 1, Integer::sum);
    }
    return counts.toString();
  }
}
