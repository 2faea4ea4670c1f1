package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gap bookkeeping of one ingest run, per symbol (docs/CONTRACTS.md, Gaps): a symbol's first
 * trade makes an {@code ingest-start} gap; a lost connection makes every symbol that traded
 * pending, and its next trade makes a {@code reconnect} gap from its last trade before the loss.
 *
 * <p>A frame of the old connection can still be delivered after the loss was reported (the client
 * checks the connection, then calls its listener, while another thread reports the loss). Such a
 * frame was received before the loss on the same clock, so a trade received at or before the loss
 * moves the pending gap's start instead of closing it.
 *
 * <p>Thread-safe: frames come from the receive thread, losses from the client's other threads.
 */
final class GapTracker {

  private final String ingestId;
  private final MicrosClock clock;
  private final long startedAtMicros;
  private final Map<String, SymbolFeed> symbols = new LinkedHashMap<>();

  GapTracker(String ingestId, MicrosClock clock) {
    this.ingestId = ingestId;
    this.clock = clock;
    this.startedAtMicros = clock.nowMicros();
  }

  /** The gaps the valid trades of this frame close, in trade order; usually none. */
  synchronized List<FeedGap> onFrame(ReceivedFrame frame, FinnhubMessage message) {
    if (!(message instanceof FinnhubMessage.Trades trades) || trades.valid().isEmpty()) {
      return List.of();
    }
    List<FeedGap> gaps = new ArrayList<>(0);
    for (TradeTick trade : trades.valid()) {
      FeedGap gap = onTrade(trade.symbol(), trade.timeMs(), frame.receivedAtMicros());
      if (gap != null) {
        gaps.add(gap);
      }
    }
    return gaps;
  }

  private FeedGap onTrade(String symbol, long tradeMs, long receivedAtMicros) {
    SymbolFeed feed = symbols.get(symbol);
    if (feed == null) {
      symbols.put(symbol, new SymbolFeed(tradeMs, receivedAtMicros));
      return new FeedGap(
          symbol,
          FeedGap.INGEST_START + ": first trade of the symbol since the ingest started",
          ingestId,
          null,
          tradeMs,
          startedAtMicros,
          receivedAtMicros);
    }
    FeedGap gap = null;
    if (feed.pendingReason != null && receivedAtMicros > feed.lostAtMicros) {
      gap =
          new FeedGap(
              symbol,
              feed.pendingReason,
              ingestId,
              feed.lastTradeMs,
              tradeMs,
              feed.lastReceivedAtMicros,
              receivedAtMicros);
      feed.pendingReason = null;
    }
    feed.lastTradeMs = tradeMs;
    feed.lastReceivedAtMicros = receivedAtMicros;
    return gap;
  }

  /** The connection is gone: every symbol that traded waits for its next trade. */
  synchronized void onConnectionLost(String why) {
    long now = clock.nowMicros();
    for (SymbolFeed feed : symbols.values()) {
      if (feed.pendingReason == null) {
        feed.pendingReason = FeedGap.RECONNECT + ": " + why;
      }
      // A later loss before the next trade is the same gap; frames received up to it are before.
      feed.lostAtMicros = now;
    }
  }

  /** The gaps still open when the ingest closes ({@code to} null, closed now). */
  synchronized List<FeedGap> onClose() {
    long now = clock.nowMicros();
    List<FeedGap> gaps = new ArrayList<>(0);
    for (Map.Entry<String, SymbolFeed> entry : symbols.entrySet()) {
      SymbolFeed feed = entry.getValue();
      if (feed.pendingReason != null) {
        gaps.add(
            new FeedGap(
                entry.getKey(),
                feed.pendingReason,
                ingestId,
                feed.lastTradeMs,
                null,
                feed.lastReceivedAtMicros,
                now));
        feed.pendingReason = null;
      }
    }
    return gaps;
  }

  /** What the tracker knows of one symbol. */
  private static final class SymbolFeed {
    long lastTradeMs;
    long lastReceivedAtMicros;
    String pendingReason;
    long lostAtMicros;

    SymbolFeed(long lastTradeMs, long lastReceivedAtMicros) {
      this.lastTradeMs = lastTradeMs;
      this.lastReceivedAtMicros = lastReceivedAtMicros;
    }
  }
}
