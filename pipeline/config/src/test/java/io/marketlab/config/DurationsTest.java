package io.marketlab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesEveryForm() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse(" PT10S ")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("pt1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Durations.parse("10 S")).isEqualTo(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "ten seconds", "-1s", "1w", "PT-5S", "1.2.3s"})
  void refusesWhatIsNotADurationNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad duration '" + text + "' (use e.g. 500ms, 10s, 1.5s, 2m, 1h)");
  }

  @Test
  void formatIsTheShortestFormAndParsesBack() {
    assertThat(Durations.format(Duration.ofMillis(1_500))).isEqualTo("1.5s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    for (long millis : new long[] {0, 1, 999, 1_000, 1_001, 60_000, 90_000, 3_600_000, 5_400_000}) {
      Duration duration = Duration.ofMillis(millis);
      assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
  }
}
