package io.marketlab.importers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.marketlab.model.finnhub.TradeTick;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Raw Binance websocket captures as recorded by hftbacktest: one message per line, {@code <receive
 * time ns> <json>}. Only {@code <sym>@trade} stream messages are trades; book tickers, depth
 * updates and REST snapshots are counted as skipped, by kind.
 *
 * <p>Mapping: symbol {@code BINANCE:} + {@code data.s}, price {@code p}, volume {@code q}, time
 * {@code T}, no conditions (as Finnhub sends Binance trades); receipt = the capture time. The
 * receive time, {@code p} and {@code q} follow {@link Numbers}' rule; {@code T} is a JSON integer.
 * A line whose JSON is followed by more text is malformed, not read up to the first value.
 */
final class BinanceCaptureReader {

  static final String SNAPSHOT = "not a trade: REST depth snapshot";
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private BinanceCaptureReader() {}

  static void read(Path file, TradeSink sink) {
    TextInputs.forEach(
        file,
        sink,
        (name, entry, lines) -> lines.each((where, number, line) -> readLine(line, where, sink)));
  }

  private static void readLine(String line, String where, TradeSink sink) {
    int space = line.indexOf(' ');
    if (space <= 0) {
      sink.skip(
          line.isBlank() ? "empty line" : "malformed line: no '<ns> <json>'",
          !line.isBlank(),
          where,
          line);
      return;
    }
    long receiptNanos;
    try {
      receiptNanos = Numbers.integer(line.substring(0, space));
    } catch (NumberFormatException e) {
      sink.skip("malformed line: receive time is not an integer", true, where, line);
      return;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(line.substring(space + 1));
    } catch (IOException e) {
      sink.skip("malformed line: not JSON", true, where, line);
      return;
    }
    JsonNode stream = root.get("stream");
    if (stream == null || !stream.isTextual()) {
      if (root.has("lastUpdateId")) {
        sink.skip(SNAPSHOT, false, where, null);
      } else {
        sink.skip("not a trade: message without stream", false, where, line);
      }
      return;
    }
    String streamName = stream.textValue();
    int at = streamName.indexOf('@');
    String kind = at < 0 ? streamName : streamName.substring(at);
    if (!kind.equals("@trade")) {
      sink.skip("not a trade: " + kind, false, where, null);
      return;
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      sink.skip("malformed trade message: no data object", true, where, line);
      return;
    }
    String symbol = text(data, "s");
    String price = text(data, "p");
    String quantity = text(data, "q");
    JsonNode time = data.get("T");
    if (symbol == null
        || price == null
        || quantity == null
        || time == null
        || !time.isIntegralNumber()
        || !time.canConvertToLong()) {
      sink.skip(
          "malformed trade message: s, p, q or T missing or of the wrong type", true, where, line);
      return;
    }
    double p;
    double q;
    try {
      p = Numbers.decimal(price);
    } catch (NumberFormatException e) {
      sink.skip("malformed trade message: p " + e.getMessage(), true, where, line);
      return;
    }
    try {
      q = Numbers.decimal(quantity);
    } catch (NumberFormatException e) {
      sink.skip("malformed trade message: q " + e.getMessage(), true, where, line);
      return;
    }
    TradeTick tick = new TradeTick("BINANCE:" + symbol, p, q, time.longValue(), List.of());
    sink.trade(Math.floorDiv(receiptNanos, 1000L), tick, where);
  }

  private static String text(JsonNode data, String field) {
    JsonNode node = data.get(field);
    return node != null && node.isTextual() ? node.textValue() : null;
  }
}
