package io.marketlab.scenarios.reference;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The reference's reader of raw Binance websocket captures (hftbacktest's format, see
 * ../shared/replay-data/SOURCES.md): gzip text, one message per line, {@code <receive time ns>
 * <json>}. Only {@code <sym>@trade} stream messages are trades. A Finnhub subscription to {@code
 * BINANCE:BTCUSDT} carries the same trade as {@code {"s":"BINANCE:BTCUSDT","p":61837.63,
 * "t":<T>,"v":0.02,"c":null}}, and the replayed session delivers it at the capture time (ns / 1000,
 * floored).
 */
final class BinanceCaptureOriginal {

  private BinanceCaptureOriginal() {}

  static void read(Path file, Originals.Sink sink, List<String> warnings) {
    Originals.lines(
        file,
        (name, entry, lines) -> {
          long number = 0;
          for (String line = lines.next(); line != null; line = lines.next()) {
            number++;
            if (lines.tooLong()) {
              sink.skip("malformed line: longer than 1 MiB");
              continue;
            }
            readLine(line, name + ":" + number, sink);
          }
        },
        warnings);
  }

  private static void readLine(String line, String where, Originals.Sink sink) {
    int space = line.indexOf(' ');
    long receiptNanos;
    Object message;
    try {
      receiptNanos = OriginalNumbers.integer(line.substring(0, Math.max(space, 0)));
      message = JsonText.parse(line.substring(space + 1));
    } catch (IllegalArgumentException e) {
      sink.skip("malformed line");
      return;
    }
    if (!(message instanceof Map<?, ?> root) || !(root.get("stream") instanceof String stream)) {
      sink.skip("not a trade: no stream (REST snapshot)");
      return;
    }
    String kind = stream.contains("@") ? stream.substring(stream.indexOf('@')) : stream;
    if (!kind.equals("@trade")) {
      sink.skip("not a trade: " + kind);
      return;
    }
    if (!(root.get("data") instanceof Map<?, ?> data)
        || !(data.get("s") instanceof String symbol)
        || !(data.get("p") instanceof String price)
        || !(data.get("q") instanceof String quantity)
        || !(data.get("T") instanceof JsonText.Number time)
        || !time.isInteger()) {
      sink.skip("malformed trade message");
      return;
    }
    BigDecimal exactPrice;
    BigDecimal exactQuantity;
    long timeMs;
    try {
      exactPrice = OriginalNumbers.decimal(price);
      exactQuantity = OriginalNumbers.decimal(quantity);
      timeMs = Long.parseLong(time.text());
    } catch (NumberFormatException e) {
      sink.skip("malformed trade message");
      return;
    }
    sink.trade(
        new OriginalTrade(
            "BINANCE:" + symbol,
            exactPrice.doubleValue(),
            exactQuantity.doubleValue(),
            timeMs,
            List.of(),
            exactPrice,
            exactQuantity,
            Math.floorDiv(receiptNanos, 1000L),
            where));
  }
}
