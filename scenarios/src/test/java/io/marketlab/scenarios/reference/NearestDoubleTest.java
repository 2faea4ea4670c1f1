package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NearestDoubleTest {

  @Test
  void should_equal_ieee_division_of_integers_that_doubles_hold_exactly() {
    // IEEE 754 division is correctly rounded (nearest, ties to even): an oracle for a / b whenever
    // a and b are exact doubles.
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      long a = random.nextLong(1, 1L << 53);
      long b = random.nextLong(1, 1L << (1 + random.nextInt(53)));
      assertThat(NearestDouble.of(BigDecimal.valueOf(a), BigDecimal.valueOf(b)))
          .as("%d / %d", a, b)
          .isEqualTo((double) a / (double) b);
    }
  }

  @Test
  void should_round_a_decimal_as_parsing_its_text_does() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      BigDecimal value =
          BigDecimal.valueOf(random.nextLong(1, Long.MAX_VALUE), random.nextInt(-5, 30));
      assertThat(NearestDouble.of(value, BigDecimal.ONE))
          .as("%s", value)
          .isEqualTo(Double.parseDouble(value.toString()));
    }
  }

  @Test
  void should_round_once_where_34_digits_first_then_double_rounds_twice() {
    // Just above the midpoint between 1 and its next double: the nearest double is the upper one,
    // but rounding to 34 digits first lands below the midpoint and then on 1.0.
    BigDecimal midpoint =
        new BigDecimal(1.0).add(new BigDecimal(Math.ulp(1.0)).divide(BigDecimal.valueOf(2)));
    BigDecimal justAbove = midpoint.add(new BigDecimal("1e-60"));
    BigDecimal justBelow = midpoint.subtract(new BigDecimal("1e-60"));

    assertThat(NearestDouble.of(justAbove, BigDecimal.ONE)).isEqualTo(Math.nextUp(1.0));
    assertThat(NearestDouble.of(justBelow, BigDecimal.ONE)).isEqualTo(1.0);
    assertThat(NearestDouble.of(midpoint, BigDecimal.ONE)).as("tie to even").isEqualTo(1.0);
    assertThat(justAbove.round(MathContext.DECIMAL128).doubleValue())
        .as("two roundings")
        .isEqualTo(1.0);
  }

  @Test
  void should_compute_a_vwap_of_decimals_that_doubles_cannot_hold() {
    // Σp·v = 0.1·0.2 + 0.3·0.1 + 0.7·0.3 = 0.26, Σv = 0.6: 0.4333..., nearest double of 13/30.
    BigDecimal notional = new BigDecimal("0.26");
    BigDecimal volume = new BigDecimal("0.6");

    assertThat(NearestDouble.of(notional, volume)).isEqualTo(13.0 / 30.0);
    assertThat(NearestDouble.of(BigDecimal.ZERO, volume)).isZero();
  }
}
