package io.marketlab.model.session;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a session holds, counted by parsing every frame with {@link FinnhubCodec} (no clock bound
 * issue: recorded trades are in the past).
 *
 * @param frames all frames
 * @param tradeFrames frames of type trade
 * @param trades valid trade entries, including price updates ({@code v = 0})
 * @param priceUpdates valid entries with {@code v = 0}
 * @param rejectedTrades invalid entries inside trade frames
 * @param otherFrames ping, error, unknown and malformed frames
 * @param tradesBySymbol valid trade entries per symbol, sorted by symbol
 * @param firstOffsetMicros offset of the first frame (0 when empty)
 * @param lastOffsetMicros offset of the last frame (0 when empty)
 */
public record SessionStats(
    long frames,
    long tradeFrames,
    long trades,
    long priceUpdates,
    long rejectedTrades,
    long otherFrames,
    Map<String, Long> tradesBySymbol,
    long firstOffsetMicros,
    long lastOffsetMicros) {

  public SessionStats {
    tradesBySymbol = java.util.Collections.unmodifiableMap(new TreeMap<>(tradesBySymbol));
  }

  static SessionStats of(SessionReader reader) {
    long frames = 0;
    long tradeFrames = 0;
    long trades = 0;
    long priceUpdates = 0;
    long rejected = 0;
    long other = 0;
    long first = 0;
    long last = 0;
    Map<String, Long> bySymbol = new TreeMap<>();
    for (SessionFrame frame : reader) {
      if (frames == 0) {
        first = frame.offsetMicros();
      }
      last = frame.offsetMicros();
      frames++;
      FinnhubMessage message = FinnhubCodec.parse(frame.text());
      if (message instanceof FinnhubMessage.Trades t) {
        tradeFrames++;
        rejected += t.rejected().size();
        for (TradeTick tick : t.valid()) {
          trades++;
          if (tick.isPriceUpdate()) {
            priceUpdates++;
          }
          bySymbol.merge(tick.symbol(), 1L, Long::sum);
        }
      } else {
        other++;
      }
    }
    return new SessionStats(
        frames, tradeFrames, trades, priceUpdates, rejected, other, bySymbol, first, last);
  }
}
