package io.marketlab.processor;

/**
 * A trade that arrived behind its symbol's watermark: stored in trades (flagged), left out of
 * candles, and recorded here so that lateness is counted, never silent.
 *
 * @param watermarkMs the symbol's watermark when it arrived (latest trade time − delay)
 */
record LateTrade(TradeRow trade, long watermarkMs) {}
