package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.config.SharedInputs;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real trades (the shared Binance capture) through the whole ingest path at max speed. The capture
 * is turned into Finnhub frames here, the way SOURCES.md says Finnhub carries them; the count 9,757
 * comes from SOURCES.md.
 */
class RealBinanceReplayTest {

  private static final String SYMBOL = "BINANCE:BTCUSDT";
  private static final int TRADES_IN_FILE = 9_757;

  @TempDir Path dir;

  static Path sharedData() {
    Path start = Path.of(System.getProperty("lab.sharedDir", "../shared")).toAbsolutePath();
    if (Files.isDirectory(start.resolve("replay-data"))) {
      return start.resolve("replay-data");
    }
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      Path candidate = at.resolveSibling("shared").resolve("replay-data");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return start.resolve("replay-data");
  }

  private static List<SessionFrame> binanceTradesAsFinnhubFrames(
      Path capture, List<TradeTick> ticks) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<SessionFrame> frames = new ArrayList<>();
    long firstNanos = -1;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(capture)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        int space = line.indexOf(' ');
        if (!line.contains("@trade\"")) {
          continue;
        }
        long receivedNanos = Long.parseLong(line.substring(0, space));
        JsonNode data = json.readTree(line.substring(space + 1)).get("data");
        TradeTick tick =
            new TradeTick(
                SYMBOL,
                Double.parseDouble(data.get("p").asText()),
                Double.parseDouble(data.get("q").asText()),
                data.get("T").asLong(),
                List.of());
        firstNanos = firstNanos < 0 ? receivedNanos : firstNanos;
        ticks.add(tick);
        frames.add(
            new SessionFrame(
                (receivedNanos - firstNanos) / 1000, FinnhubCodec.tradeFrame(List.of(tick))));
      }
    }
    return frames;
  }

  @Test
  void should_deliver_every_real_btcusdt_trade_of_the_capture_once_and_unchanged()
      throws Exception {
    Path capture = sharedData().resolve("binance-spot/btcusdt_20240808.gz");
    SharedInputs.missing(capture)
        .ifPresent(
            line -> {
              if (SharedInputs.required()) {
                Assertions.fail(line);
              }
              Assumptions.assumeTrue(false, line);
            });
    List<TradeTick> expected = new ArrayList<>();
    List<SessionFrame> frames = binanceTradesAsFinnhubFrames(capture, expected);
    assertThat(expected).hasSize(TRADES_IN_FILE);
    Path session = TestSessions.write(dir.resolve("btc.session.gz"), List.of(SYMBOL), frames);
    MockProducer<byte[], byte[]> mock =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    try (ReplayServer server =
            ReplayServer.fromSession(
                    session, ReplayServerConfig.defaults().withSpeed(Double.POSITIVE_INFINITY))
                .start();
        Ingest ingest =
            MockKafka.start(
                IngestConfig.of(URI.create(server.url()), null, List.of(SYMBOL), "unused:9092")
                    .withProgressInterval(Duration.ZERO),
                dir.resolve("journal"),
                mock)) {
      server.awaitFinished(Duration.ofSeconds(60));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  mock.history().stream().filter(r -> r.topic().equals("trades")).count()
                      >= TRADES_IN_FILE);
      assertThat(ingest.metrics().snapshot().deadLetters()).isZero();
    }

    List<TradeTick> received = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : mock.history()) {
      if (record.topic().equals("trades")) { // the rest: its gap records, on trades.gaps
        received.add(TestSessions.tick(TestSessions.decode(record.value())));
      }
    }
    assertThat(received).isEqualTo(expected);
  }
}
