package io.marketlab.importers;

import java.math.BigDecimal;

/**
 * Numbers in input cells, read by one bounded rule so that a cell can neither cost unbounded time
 * ({@code 1e50000000} made exact arithmetic run for a minute) nor be read as something no exchange
 * writes ({@code 0x1.8p1}, {@code 1.5d}, {@code NaN}, non-ASCII digits, all of which {@link
 * Double#parseDouble} or {@link Long#parseLong} accept).
 *
 * <p>A decimal is an optional sign, ASCII digits with an optional fraction ({@code 1}, {@code 1.5},
 * {@code 1.}, {@code .5}) and an optional exponent of at most {@value #MAX_EXPONENT_DIGITS} digits;
 * an integer is an optional sign and ASCII digits that fit a long; either at most {@value
 * #MAX_CHARS} characters. A cell that breaks the rule throws a {@link NumberFormatException} whose
 * message is one of a few fixed phrases ("is not a number", ...), so that it can be a reason that
 * is counted.
 */
final class Numbers {

  static final int MAX_CHARS = 64;
  static final int MAX_EXPONENT_DIGITS = 3;

  private Numbers() {}

  /** The double nearest to a decimal cell. */
  static double decimal(String text) {
    check(text, true);
    return Double.parseDouble(text);
  }

  /** A decimal cell exactly. */
  static BigDecimal exactDecimal(String text) {
    check(text, true);
    return new BigDecimal(text);
  }

  /** An integer cell. */
  static long integer(String text) {
    check(text, false);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NumberFormatException("is out of range");
    }
  }

  private static void check(String text, boolean decimal) {
    if (text.length() > MAX_CHARS) {
      throw new NumberFormatException("is longer than " + MAX_CHARS + " characters");
    }
    int at = 0;
    int length = text.length();
    if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
      at++;
    }
    int start = at;
    at = digits(text, at);
    int integerDigits = at - start;
    int fractionDigits = 0;
    if (decimal && at < length && text.charAt(at) == '.') {
      int fraction = at + 1;
      at = digits(text, fraction);
      fractionDigits = at - fraction;
    }
    if (integerDigits + fractionDigits == 0) {
      throw notANumber(text, decimal);
    }
    if (decimal && at < length && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      at++;
      if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
        at++;
      }
      int exponent = at;
      at = digits(text, exponent);
      if (at == exponent) {
        throw notANumber(text, true);
      }
      if (at - exponent > MAX_EXPONENT_DIGITS) {
        throw new NumberFormatException(
            "has an exponent of more than " + MAX_EXPONENT_DIGITS + " digits");
      }
    }
    if (at != length) {
      throw notANumber(text, decimal);
    }
  }

  private static NumberFormatException notANumber(String text, boolean decimal) {
    String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    if (decimal && (unsigned.startsWith("0x") || unsigned.startsWith("0X"))) {
      return new NumberFormatException("is a hex number");
    }
    return new NumberFormatException(decimal ? "is not a number" : "is not an integer");
  }

  private static int digits(String text, int from) {
    int at = from;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at;
  }
}
