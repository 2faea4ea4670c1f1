package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "61837.63000000",
        "0.02",
        "1",
        "1.",
        ".5",
        "-2.5",
        "+3",
        "1e-5",
        "2.5E+10",
        "1e308"
      })
  void should_read_the_decimals_exchanges_write(String text) {
    assertThat(Numbers.decimal(text)).isEqualTo(Double.parseDouble(text));
    assertThat(Numbers.exactDecimal(text)).isEqualTo(new BigDecimal(text));
  }

  // Before: Double.parseDouble took each of these (0x1.8p1 = 3.0, 1.5d = 1.5, NaN, Infinity), and
  // GenericCsvReader's BigDecimal scaled 1e50000000 for about a minute.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1e50000000|has an exponent of more than 3 digits",
        "1e1000|has an exponent of more than 3 digits",
        "0x1.8p1|is a hex number",
        "-0X10|is a hex number",
        "1.5d|is not a number",
        "2f|is not a number",
        "NaN|is not a number",
        "Infinity|is not a number",
        "١٢٣|is not a number",
        "1e|is not a number",
        ".|is not a number",
        "''|is not a number",
        "1,5|is not a number",
        "' 1'|is not a number",
        "1_000|is not a number"
      })
  void should_refuse_what_is_not_a_bounded_decimal(String text, String why) {
    assertThatThrownBy(() -> Numbers.decimal(text))
        .isInstanceOf(NumberFormatException.class)
        .hasMessage(why);
    assertThatThrownBy(() -> Numbers.exactDecimal(text)).hasMessage(why);
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 65, 1000})
  void should_bound_the_length_of_a_number(int length) {
    String text = "1".repeat(length);
    if (length <= Numbers.MAX_CHARS) {
      assertThat(Numbers.exactDecimal(text)).isEqualTo(new BigDecimal(text));
    } else {
      assertThatThrownBy(() -> Numbers.decimal(text)).hasMessage("is longer than 64 characters");
      assertThatThrownBy(() -> Numbers.integer(text)).hasMessage("is longer than 64 characters");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1723161254087896568|",
        "+5|",
        "-0|",
        "٣|is not an integer",
        "1.0|is not an integer",
        "1e3|is not an integer",
        "99999999999999999999|is out of range"
      })
  void should_read_integers_by_the_same_rule(String text, String why) {
    if (why == null) {
      assertThat(Numbers.integer(text)).isEqualTo(Long.parseLong(text));
    } else {
      assertThatThrownBy(() -> Numbers.integer(text)).hasMessage(why);
    }
  }
}
