package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void should_keep_numbers_as_written_and_read_nested_values() {
    Object value =
        JsonText.parse(
            " {\"stream\":\"btcusdt@trade\",\"data\":{\"p\":\"61837.63000000\",\"T\":1723161255342,"
                + "\"x\":-1.50e+3,\"m\":true,\"n\":null,\"b\":[[\"1\",\"2\"],[]],\"s\":\"a\\\"\\u00e9\"}} ");

    Map<?, ?> root = (Map<?, ?>) value;
    Map<?, ?> data = (Map<?, ?>) root.get("data");
    assertThat(root.get("stream")).isEqualTo("btcusdt@trade");
    assertThat(data.get("p")).isEqualTo("61837.63000000");
    assertThat(data.get("T")).isEqualTo(new JsonText.Number("1723161255342"));
    assertThat(((JsonText.Number) data.get("T")).isInteger()).isTrue();
    assertThat(data.get("x")).isEqualTo(new JsonText.Number("-1.50e+3"));
    assertThat(((JsonText.Number) data.get("x")).isInteger()).isFalse();
    assertThat(data.get("m")).isEqualTo(Boolean.TRUE);
    assertThat(data.get("n")).isSameAs(JsonText.NULL);
    assertThat(data.get("b")).isEqualTo(List.of(List.of("1", "2"), List.of()));
    assertThat(data.get("s")).isEqualTo("a\"é");
  }

  @Test
  void should_refuse_what_is_not_one_json_value() {
    for (String bad :
        new String[] {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\":01}", "{\"a\":1.}", "{} x", "nul"}) {
      assertThatThrownBy(() -> JsonText.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
