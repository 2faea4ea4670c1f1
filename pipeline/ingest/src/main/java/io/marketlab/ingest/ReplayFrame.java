package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A session frame parsed once. {@code trades} is null for frames that are not filterable trade
 * frames (pings, errors, malformed text, trade frames with no valid trade): those go out as
 * recorded.
 */
record ReplayFrame(long offsetMicros, String text, List<TradeTick> trades, Set<String> symbols) {

  static ReplayFrame of(SessionFrame frame) {
    FinnhubMessage message = FinnhubCodec.parse(frame.text());
    if (message instanceof FinnhubMessage.Trades trades && !trades.valid().isEmpty()) {
      Set<String> symbols = new LinkedHashSet<>();
      for (TradeTick trade : trades.valid()) {
        symbols.add(trade.symbol());
      }
      return new ReplayFrame(frame.offsetMicros(), frame.text(), trades.valid(), symbols);
    }
    return new ReplayFrame(frame.offsetMicros(), frame.text(), null, Set.of());
  }

  /** The text this connection should get, or null for nothing. */
  String textFor(Set<String> subscribed) {
    if (trades == null || subscribed.containsAll(symbols)) {
      // Verbatim when nothing is filtered out: keeps the recorded bytes (and any rejected entries).
      return text;
    }
    List<TradeTick> kept = new ArrayList<>();
    for (TradeTick trade : trades) {
      if (subscribed.contains(trade.symbol())) {
        kept.add(trade);
      }
    }
    return kept.isEmpty() ? null : FinnhubCodec.tradeFrame(kept);
  }
}
