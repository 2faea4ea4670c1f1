package io.marketlab.model.finnhub;

import java.util.List;
import java.util.Objects;

/**
 * One trade as Finnhub sends it inside a trade frame.
 *
 * @param symbol Finnhub symbol ({@code s}), e.g. {@code BINANCE:BTCUSDT}
 * @param price {@code p}
 * @param volume {@code v}; {@code 0} marks a price update, not a trade
 * @param timeMs {@code t}, exchange trade time in ms since epoch
 * @param conditions {@code c}; empty when Finnhub sends null or nothing (crypto)
 */
public record TradeTick(
    String symbol, double price, double volume, long timeMs, List<String> conditions) {

  public TradeTick {
    Objects.requireNonNull(symbol, "symbol");
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** True when this is a price update ({@code v = 0}) rather than a trade. */
  public boolean isPriceUpdate() {
    return volume == 0.0;
  }
}
