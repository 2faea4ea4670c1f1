package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's own readers of the original formats map each trade to what the pipeline stores,
 * on small files written here (the real files: {@code OriginalsSharedDataTest}).
 */
class OriginalsFormatsTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @TempDir Path dir;

  private Path gzip(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  /** A zip of one CSV entry, without a final newline (as LEAN's files are). */
  private Path zip(String name, String entry, String... lines) throws IOException {
    Path file = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return file;
  }

  private static Originals read(String format, List<Path> files) {
    return read(format, files, Set.of(), null, null);
  }

  private static Originals read(
      String format, List<Path> files, Set<String> symbols, String from, String to) {
    return Originals.read(new Originals.Inputs(format, files, symbols, from, to, NEW_YORK));
  }

  private static String binanceTrade(long receiptNs, String price, String quantity, long timeMs) {
    return receiptNs
        + " {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":"
        + (timeMs + 1)
        + ",\"s\":\"BTCUSDT\",\"t\":3735683259,\"p\":\""
        + price
        + "\",\"q\":\""
        + quantity
        + "\",\"T\":"
        + timeMs
        + ",\"m\":true,\"M\":true}}";
  }

  @Test
  void should_read_only_trade_messages_of_a_binance_capture_as_finnhub_sends_them()
      throws IOException {
    Path capture =
        gzip(
            "btcusdt_20240808.gz",
            binanceTrade(
                1_723_161_254_087_896_568L, "61837.63000000", "0.02000000", 1_723_161_255_342L),
            "1723161254100000000 {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1,"
                + "\"s\":\"BTCUSDT\",\"b\":\"61837.63000000\",\"B\":\"3.1\",\"a\":\"61837.64\","
                + "\"A\":\"1.5\"}}",
            "1723161254206652067 {\"lastUpdateId\":50093239218,\"bids\":[[\"61837.63000000\","
                + "\"3.78826000\"]],\"asks\":[]}",
            "1723161254300000999 {\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"b\":[],\"a\":[]}}",
            binanceTrade(
                1_723_161_254_400_000_999L, "61837.64000000", "0.00000000", 1_723_161_255_400L));

    Originals originals = read("binance-capture", List.of(capture));

    assertThat(originals.trades()).hasSize(2);
    OriginalTrade first = originals.trades().get(0);
    assertThat(first.symbol()).isEqualTo("BINANCE:BTCUSDT");
    assertThat(first.price()).isEqualTo(61837.63);
    assertThat(first.volume()).isEqualTo(0.02);
    assertThat(first.timeMs()).isEqualTo(1_723_161_255_342L);
    assertThat(first.conditions()).isEmpty();
    assertThat(first.receiptMicros()).isEqualTo(1_723_161_254_087_896L);
    assertThat(first.where()).isEqualTo("btcusdt_20240808.gz:1");
    assertThat(originals.trades().get(1).volume()).isZero();
    assertThat(originals.tradesPerFile()).containsEntry(capture, 2L);
    assertThat(originals.skipped())
        .containsEntry("not a trade: @bookTicker", 1L)
        .containsEntry("not a trade: @depth@100ms", 1L)
        .containsEntry("not a trade: no stream (REST snapshot)", 1L);
  }

  @Test
  void should_order_trades_by_receipt_time_keeping_file_order_for_ties() throws IOException {
    long t = 1_723_161_255_000L;
    long receipt = t * 1_000_000L; // ns: received when traded, as a live capture is
    Path first =
        gzip(
            "a.gz",
            binanceTrade(receipt + 2_000_000L, "1.1", "1", t),
            binanceTrade(receipt + 3_000_000L, "1.3", "1", t + 2));
    Path second =
        gzip(
            "b.gz",
            binanceTrade(receipt + 1_000_000L, "1.0", "1", t - 1),
            binanceTrade(receipt + 2_000_500L, "1.2", "1", t + 1));

    Reference reference =
        ReferenceCalculator.compute(
            read("binance-capture", List.of(first, second)),
            ReferenceCalculator.Options.defaults());

    // receipt + 2 ms and receipt + 2 ms + 500 ns are the same µs: the tie keeps file order (a.gz
    // first).
    assertThat(reference.trades())
        .extracting(ReferenceTrade::price)
        .containsExactly(1.0, 1.1, 1.2, 1.3);
    assertThat(reference.trades())
        .extracting(ReferenceTrade::arrival)
        .containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void should_read_lean_ticks_on_new_york_wall_clock_with_conditions() throws IOException {
    Path ticks =
        zip(
            "spy_20131007_trade.zip",
            "20131007_spy_Trade_Tick.csv",
            "14400464,1674100,100,P,20002000,0",
            "34200000,1690000,200,Q,,1",
            "34200000,1690100,300,T,20002000,0");

    Originals originals = read("lean", List.of(ticks));

    assertThat(originals.trades()).hasSize(3);
    OriginalTrade first = originals.trades().get(0);
    assertThat(first.symbol()).isEqualTo("SPY");
    // 04:00:00.464 New York on 2013-10-07 (EDT, UTC-4) = 08:00:00.464Z; $1674100 / 10^4 = 167.41
    assertThat(first.timeMs()).isEqualTo(Instant.parse("2013-10-07T08:00:00.464Z").toEpochMilli());
    assertThat(first.price()).isEqualTo(167.41);
    assertThat(first.volume()).isEqualTo(100.0);
    assertThat(first.conditions()).containsExactly("20002000");
    assertThat(first.receiptMicros()).isEqualTo(first.timeMs() * 1000L);
    assertThat(originals.trades().get(1).conditions()).containsExactly("suspicious");
    // The last line has no final newline and is a trade all the same.
    assertThat(originals.trades().get(2).price()).isEqualTo(169.01);
  }

  @Test
  void should_count_lean_time_of_day_on_the_wall_clock_across_a_clock_change() throws IOException {
    // 2013-11-03: New York's clocks go back at 02:00. 10,800,000 ms = 03:00 on the wall clock
    // (EST, UTC-5) = 08:00Z, not three elapsed hours after midnight EDT (07:00Z).
    Path ticks =
        zip("spy_20131103_trade.zip", "20131103_spy_Trade_Tick.csv", "10800000,1000000,1,P,,0");

    Originals originals = read("lean", List.of(ticks));

    assertThat(originals.trades().get(0).timeMs())
        .isEqualTo(Instant.parse("2013-11-03T08:00:00Z").toEpochMilli());
  }

  @Test
  void should_take_the_lean_symbol_from_the_directory_when_the_file_name_has_only_the_date()
      throws IOException {
    Files.createDirectories(dir.resolve("bac"));
    Path ticks =
        zip("bac/20131007_trade.zip", "20131007_bac_Trade_Tick.csv", "34200000,140000,1,P,,0");

    assertThat(read("lean", List.of(ticks)).trades().get(0).symbol()).isEqualTo("BAC");
  }

  @Test
  void should_keep_only_the_scenarios_window_and_symbols() throws IOException {
    Path spy =
        zip(
            "spy_20131007_trade.zip",
            "e.csv",
            "34199999,1690000,1,P,,0",
            "34200000,1690000,2,P,,0",
            "35099999,1690000,3,P,,0",
            "35100000,1690000,4,P,,0");
    Path bac = zip("bac_20131007_trade.zip", "e.csv", "34200000,140000,5,P,,0");

    Originals window = read("lean", List.of(spy, bac), Set.of(), "09:30", "09:45");
    Originals symbols = read("lean", List.of(spy, bac), Set.of("bac"), null, null);

    // [09:30, 09:45): 34,200,000 ms is 09:30:00.000, 35,100,000 ms is 09:45:00.000
    assertThat(window.trades()).extracting(OriginalTrade::volume).containsExactly(2.0, 5.0, 3.0);
    assertThat(window.tradesPerFile()).containsEntry(spy, 4L).containsEntry(bac, 1L);
    assertThat(window.describeDropped()).isEqualTo("outside the time window 2");
    assertThat(symbols.trades()).extracting(OriginalTrade::symbol).containsExactly("BAC");
  }

  @Test
  void should_read_binance_trade_dumps_in_ms_and_in_us() throws IOException {
    Path ms = dir.resolve("BTCUSDT-trades-2024-08-08.csv");
    Files.writeString(
        ms,
        "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\n"
            + "3735683259,61837.63000000,0.02000000,1236.75260000,1723161255342,True,True\n");
    Path us = dir.resolve("ethusdt-trades-2025-01-02.csv");
    Files.writeString(
        us, "1607443001,3351.07000000,0.02980000,99.861886,1735776000123456,True,True\n");

    Originals originals = read("binance-csv", List.of(ms, us));

    assertThat(originals.trades()).hasSize(2);
    OriginalTrade btc = originals.trades().get(0);
    assertThat(btc.symbol()).isEqualTo("BINANCE:BTCUSDT");
    assertThat(btc.timeMs()).isEqualTo(1_723_161_255_342L);
    assertThat(btc.receiptMicros()).isEqualTo(1_723_161_255_342_000L);
    OriginalTrade eth = originals.trades().get(1);
    assertThat(eth.symbol()).isEqualTo("BINANCE:ETHUSDT");
    assertThat(eth.timeMs()).isEqualTo(1_735_776_000_123L);
    assertThat(eth.receiptMicros()).isEqualTo(1_735_776_000_123_456L);
    assertThat(eth.price()).isEqualTo(3351.07);
    assertThat(originals.skipped()).containsEntry("header line", 1L);
  }

  @Test
  void should_leave_out_what_breaks_finnhubs_value_rules_as_the_importer_does() throws IOException {
    Path capture =
        gzip(
            "x.gz",
            binanceTrade(1_723_161_254_000_000_000L, "0.00000000", "1.0", 1_723_161_255_000L),
            binanceTrade(1_723_161_254_000_001_000L, "10.0", "1.0", 1_723_161_255_001L));

    Originals originals = read("binance-capture", List.of(capture));

    assertThat(originals.trades()).extracting(OriginalTrade::price).containsExactly(10.0);
    assertThat(originals.describeDropped()).isEqualTo("invalid trade: p: not in (0, 1e9) 1");
  }

  @Test
  void should_refuse_generic_csv_which_scenario_files_cannot_map() {
    assertThatThrownBy(() -> read("csv", List.of(dir.resolve("a.csv"))))
        .hasMessageContaining("column mapping");
  }

  @Test
  void should_take_the_symbols_from_the_data_when_none_are_subscribed() throws IOException {
    Path btc =
        gzip("btc.gz", binanceTrade(1_723_161_254_000_000_000L, "1", "1", 1_723_161_255_000L));
    Path eth =
        gzip(
            "eth.gz",
            binanceTrade(1_723_161_254_000_000_000L, "2", "1", 1_723_161_255_000L)
                .replace("BTCUSDT", "ETHUSDT")
                .replace("btcusdt", "ethusdt"));

    Reference all =
        ReferenceCalculator.compute(
            read("binance-capture", List.of(btc, eth)), ReferenceCalculator.Options.defaults());
    Reference ethOnly =
        ReferenceCalculator.compute(
            read("binance-capture", List.of(btc, eth)),
            new ReferenceCalculator.Options(
                Set.of("BINANCE:ETHUSDT"),
                ReferenceCalculator.Options.defaults().watermarkDelay()));

    assertThat(all.tradesPerSymbol()).containsOnlyKeys("BINANCE:BTCUSDT", "BINANCE:ETHUSDT");
    assertThat(ethOnly.tradesPerSymbol()).containsOnlyKeys("BINANCE:ETHUSDT");
  }
}
