package io.marketlab.scenarios.reference;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The contract for numbers in original files, written out again for the reference (the importers
 * have their own code): a decimal is {@code [+-]? digits [. digits] [e [+-]? 1 to 3 digits]} in
 * ASCII, an integer {@code [+-]? digits} that fits a long, either at most 64 characters. Anything
 * else (hex floats, NaN, type suffixes, other digits, a longer exponent) is not a number, so the
 * row holding it is malformed, as it is on import.
 */
final class OriginalNumbers {

  private static final int MAX_CHARS = 64;
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private OriginalNumbers() {}

  static BigDecimal decimal(String text) {
    if (text.length() > MAX_CHARS || !DECIMAL.matcher(text).matches()) {
      throw new NumberFormatException("not a bounded decimal");
    }
    return new BigDecimal(text);
  }

  static long integer(String text) {
    if (text.length() > MAX_CHARS || !INTEGER.matcher(text).matches()) {
      throw new NumberFormatException("not a bounded integer");
    }
    return Long.parseLong(text);
  }
}
