package io.marketlab.model.session;

/**
 * A line of a text input that cannot be taken as text: not UTF-8, or longer than the bound. The
 * message names the input and the 1-based line. After a {@link Kind#TOO_LONG} line, the reader
 * stands at the next line, so a caller may count it and go on.
 */
public class BadLineException extends RuntimeException {

  /** What is wrong with the line. */
  public enum Kind {
    INVALID_UTF8,
    TOO_LONG
  }

  private final Kind kind;
  private final long line;

  BadLineException(Kind kind, String name, long line, String why) {
    super(name + ":" + line + ": " + why);
    this.kind = kind;
    this.line = line;
  }

  public Kind kind() {
    return kind;
  }

  /** The 1-based line number. */
  public long line() {
    return line;
  }
}
