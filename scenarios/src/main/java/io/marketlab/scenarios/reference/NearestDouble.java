package io.marketlab.scenarios.reference;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The double nearest to an exact quotient of two decimals, ties to even: one rounding, with no
 * intermediate precision (README.md, "What exact means here"). Written with integers only, so it
 * shares nothing with how the processor divides (in 34 decimal digits, then to double).
 */
final class NearestDouble {

  private static final int SIGNIFICAND_BITS = 53;

  private NearestDouble() {}

  /** {@code numerator / denominator} rounded once to double; numerator ≥ 0, denominator > 0. */
  static double of(BigDecimal numerator, BigDecimal denominator) {
    if (numerator.signum() < 0 || denominator.signum() <= 0) {
      throw new IllegalArgumentException(
          "want numerator >= 0 and denominator > 0: " + numerator + " / " + denominator);
    }
    if (numerator.signum() == 0) {
      return 0.0;
    }
    // numerator / denominator = (a · 10^-sa) / (b · 10^-sb) = a / b after moving the powers of ten.
    BigInteger a = numerator.unscaledValue();
    BigInteger b = denominator.unscaledValue();
    int tens = numerator.scale() - denominator.scale();
    if (tens > 0) {
      b = b.multiply(BigInteger.TEN.pow(tens));
    } else {
      a = a.multiply(BigInteger.TEN.pow(-tens));
    }
    // a / b lies in (2^(la-lb-1), 2^(la-lb+1)), so a / (b · 2^e) has 53 or 54 integer bits.
    int e = a.bitLength() - b.bitLength() - SIGNIFICAND_BITS;
    BigInteger[] quotient = divide(a, b, e);
    if (quotient[0].bitLength() > SIGNIFICAND_BITS) {
      e++;
      quotient = divide(a, b, e);
    }
    BigInteger q = quotient[0];
    int half = quotient[1].shiftLeft(1).compareTo(quotient[2]);
    if (half > 0 || (half == 0 && q.testBit(0))) {
      q = q.add(BigInteger.ONE); // at most 2^53: still exact as a double
    }
    // Exact for every normal result; a VWAP never comes near 2^-1022.
    return Math.scalb(q.doubleValue(), e);
  }

  /** {quotient, remainder, divisor} of a / (b · 2^e), for e of either sign. */
  private static BigInteger[] divide(BigInteger a, BigInteger b, int e) {
    BigInteger dividend = e < 0 ? a.shiftLeft(-e) : a;
    BigInteger divisor = e > 0 ? b.shiftLeft(e) : b;
    BigInteger[] qr = dividend.divideAndRemainder(divisor);
    return new BigInteger[] {qr[0], qr[1], divisor};
  }
}
