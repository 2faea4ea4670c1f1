package io.marketlab.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.avro.Trade;
import io.marketlab.ingest.TestSessions;
import io.marketlab.model.session.SessionFrame;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {

  @TempDir Path dir;

  @Test
  void should_parse_short_and_iso_durations_and_reject_others_with_the_expected_forms() {
    assertThat(CliSupport.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(CliSupport.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(CliSupport.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(CliSupport.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CliSupport.parseDuration("soon"))
        .hasMessageContaining("'soon'")
        .hasMessageContaining("60s");
  }

  @Test
  void should_exit_non_zero_with_one_line_when_the_session_file_is_missing() {
    StringWriter err = new StringWriter();
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    int code;
    try {
      CommandLine command = new CommandLine(new ReplayCommand());
      command.setErr(new PrintWriter(err));
      code = command.execute(dir.resolve("nope.session.gz").toString());
    } finally {
      System.setErr(original);
    }

    assertThat(code).isEqualTo(1);
    String output = captured.toString().strip();
    assertThat(output)
        .startsWith("error: session file")
        .contains("nope.session.gz")
        .doesNotContain("\n");
  }

  @Test
  void should_stop_the_ingest_with_one_clear_line_when_the_token_is_refused() throws Exception {
    com.sun.net.httpserver.HttpServer http =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    http.start();
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    int code;
    try {
      code =
          new CommandLine(new IngestCommand())
              .execute(
                  "--url",
                  "ws://127.0.0.1:" + http.getAddress().getPort(),
                  "--symbols",
                  "AAPL",
                  "--bootstrap",
                  "127.0.0.1:1",
                  "--progress",
                  "1s");
    } finally {
      System.setErr(original);
      http.stop(0);
    }

    assertThat(code).isEqualTo(1);
    assertThat(captured.toString()).contains("error: Finnhub refused the API token (HTTP 401");
  }

  @Test
  void should_fail_the_wait_when_the_client_gave_up_before_it_began() {
    java.util.concurrent.CompletableFuture<Void> gaveUp =
        new java.util.concurrent.CompletableFuture<>();
    gaveUp.completeExceptionally(new IllegalStateException("refused"));
    java.util.concurrent.atomic.AtomicInteger progress =
        new java.util.concurrent.atomic.AtomicInteger();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                IngestCommand.awaitTermination(
                    gaveUp, Duration.ofMillis(10), progress::incrementAndGet))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("refused");
    assertThat(progress).hasValue(0);
  }

  @Test
  void should_replay_a_whole_session_say_where_and_report_every_frame_replayed() {
    List<String> symbols = List.of("AAPL");
    List<SessionFrame> frames = TestSessions.generate(41, 20, 100_000, symbols).frames();
    Path file = TestSessions.write(dir.resolve("ok.session.gz"), symbols, frames);
    long lastOffsetMicros = frames.get(frames.size() - 1).offsetMicros();

    java.io.PrintStream originalOut = System.out;
    java.io.PrintStream originalErr = System.err;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(out, true));
    System.setErr(new java.io.PrintStream(err, true));
    int code;
    try {
      code =
          new CommandLine(new ReplayCommand())
              .execute(file.toString(), "--speed", "max", "--start-at-once");
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }

    assertThat(code).isZero();
    assertThat(out.toString().strip())
        .matches(
            "replaying "
                + java.util.regex.Pattern.quote(file.toString())
                + " on ws://127\\.0\\.0\\.1:[1-9][0-9]*");
    // Log lines go to stderr too; the command's own summary is the one line it starts.
    List<String> done =
        err.toString().lines().filter(line -> line.startsWith("replay done: ")).toList();
    // No client subscribed: every frame's time came (20/20), none was written to a connection.
    assertThat(done)
        .containsExactly(
            "replay done: frames "
                + frames.size()
                + "/"
                + frames.size()
                + " (sent 0), trades sent 0, session time "
                + String.format("%.3f", lastOffsetMicros / 1e6)
                + " s, loops 1, connections 0, finished");
  }

  @Test
  void should_print_one_line_per_trade_with_its_identity() {
    Trade trade =
        Trade.newBuilder()
            .setSymbol("AAPL")
            .setPrice(261.74)
            .setVolume(100)
            .setTradeTsMs(1_723_161_600_123L)
            .setConditions(List.of("1", "12"))
            .setReceivedAtUs(1)
            .setIngestId("ing-x")
            .setFrameSeq(4)
            .setIndexInFrame(2)
            .build();

    String line = ConsumeCommand.line(trade);

    assertThat(line)
        .contains("AAPL", "261.74", "100", "2024-08-09T00:00:00.123Z", "[1, 12]", "ing-x/4/2");
  }
}
