package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.avro.Gap;
import io.marketlab.layout.Resolution;
import io.marketlab.layout.Tables.Candles;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class GapSpanTest {

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void should_mark_the_windows_of_both_ends_and_every_window_between() {
    // Last trade before the loss at 10:00:01.500, first after at 10:00:04.000 (a window start).
    GapSpan span = GapSpan.of(at("2024-08-08T10:00:01.500Z"), at("2024-08-08T10:00:04Z"));

    assertThat(span.windows(Resolution.SECOND))
        .containsExactly(
            at("2024-08-08T10:00:01Z"),
            at("2024-08-08T10:00:02Z"),
            at("2024-08-08T10:00:03Z"),
            at("2024-08-08T10:00:04Z"));
    assertThat(span.windows(Resolution.MINUTE)).containsExactly(at("2024-08-08T10:00:00Z"));
    assertThat(span.windows(Resolution.HOUR)).containsExactly(at("2024-08-08T10:00:00Z"));
  }

  @Test
  void should_leave_the_window_that_ends_at_the_gaps_start_alone() {
    // from exactly at a window start: the window before it ends at from (end exclusive).
    GapSpan span = GapSpan.of(at("2024-08-08T10:00:02Z"), at("2024-08-08T10:00:02.999Z"));

    assertThat(span.windows(Resolution.SECOND)).containsExactly(at("2024-08-08T10:00:02Z"));
  }

  @Test
  void should_mark_only_the_window_of_the_known_end_when_the_other_is_missing() {
    long first = at("2024-08-08T23:59:59.900Z");
    assertThat(GapSpan.of(null, first).windows(Resolution.SECOND))
        .containsExactly(at("2024-08-08T23:59:59Z"));
    assertThat(GapSpan.of(first, null).windows(Resolution.HOUR))
        .containsExactly(at("2024-08-08T23:00:00Z"));
  }

  @Test
  void should_order_the_ends_when_the_first_trade_after_is_older_than_the_last_before() {
    GapSpan span = GapSpan.of(at("2024-08-08T10:00:05.100Z"), at("2024-08-08T10:00:03.900Z"));

    assertThat(span.windows(Resolution.SECOND))
        .containsExactly(
            at("2024-08-08T10:00:03Z"), at("2024-08-08T10:00:04Z"), at("2024-08-08T10:00:05Z"));
  }

  @Test
  void should_cross_an_hour_and_a_day() {
    GapSpan span = GapSpan.of(at("2024-08-08T23:59:30Z"), at("2024-08-09T00:00:30Z"));

    assertThat(span.windows(Resolution.MINUTE))
        .containsExactly(at("2024-08-08T23:59:00Z"), at("2024-08-09T00:00:00Z"));
    assertThat(span.windows(Resolution.HOUR))
        .containsExactly(at("2024-08-08T23:00:00Z"), at("2024-08-09T00:00:00Z"));
    assertThat(span.windows(Resolution.SECOND)).hasSize(61);
  }

  @Test
  void should_refuse_a_gap_without_either_end() {
    assertThatThrownBy(() -> GapSpan.of(null, null)).hasMessageContaining("at least one end");
  }

  @Test
  void should_decode_a_gap_and_name_what_is_wrong_with_one_that_is_not() throws Exception {
    Gap gap =
        Gap.newBuilder()
            .setSymbol("AAPL")
            .setReason("reconnect: error: EOF")
            .setIngestId("ing-1")
            .setFromTradeTsMs(1000L)
            .setToTradeTsMs(null)
            .setFromReceivedAtUs(5)
            .setToReceivedAtUs(9)
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(Gap.class).write(gap, encoder);
    encoder.flush();

    assertThat(GapRow.decode(out.toByteArray()))
        .isEqualTo(new GapRow("AAPL", "reconnect: error: EOF", "ing-1", 1000L, null, 5, 9));
    assertThat(GapRow.decode(out.toByteArray()).gapStartMs()).isEqualTo(1000L);
    assertThatThrownBy(() -> GapRow.decode(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("value is not an Avro Gap (3 bytes)");
    assertThatThrownBy(() -> GapRow.decode(null)).hasMessage("record value is null");
  }

  @Test
  void should_never_name_incomplete_in_the_candle_upsert_and_set_it_alone_in_the_mark() {
    String upsert = Statements.insertCandleCql("ks");
    String mark = Statements.markIncompleteCql("ks");

    assertThat(upsert).startsWith("INSERT INTO ks.candles (").doesNotContain(Candles.INCOMPLETE);
    // Every other column of the table is in the upsert: only incomplete is left to the mark.
    for (String column : Candles.COLUMNS) {
      if (!column.equals(Candles.INCOMPLETE)) {
        assertThat(upsert).contains(column);
      }
    }
    assertThat(mark)
        .isEqualTo(
            "UPDATE ks.candles SET incomplete = true WHERE symbol = ? AND resolution = ? AND"
                + " bucket = ? AND window_start = ?");
    assertThat(List.of(mark.split(" SET ")[1].split(" WHERE ")[0]))
        .containsExactly("incomplete = true");
  }
}
