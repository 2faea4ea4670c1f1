package io.marketlab.scenarios.report;

/** One verdict of a scenario run: what was checked, what was expected, what was found. */
public record Check(String name, boolean passed, String expected, String actual, String detail) {

  public static Check of(
      String name, boolean passed, Object expected, Object actual, String detail) {
    return new Check(
        name,
        passed,
        String.valueOf(expected),
        String.valueOf(actual),
        detail == null ? "" : detail);
  }

  public static Check equal(String name, Object expected, Object actual) {
    boolean passed = expected == null ? actual == null : expected.equals(actual);
    return of(
        name, passed, expected, actual, passed ? "" : "expected " + expected + ", got " + actual);
  }

  /** The one line CI shows for a failed check. */
  public String oneLine() {
    return (passed ? "PASS " : "FAIL ") + name + (passed || detail.isEmpty() ? "" : ": " + detail);
  }
}
