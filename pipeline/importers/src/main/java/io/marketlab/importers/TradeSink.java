package io.marketlab.importers;

import io.marketlab.model.finnhub.TradeTick;

/** Where a format reader puts what it reads: trades, and lines it did not turn into trades. */
interface TradeSink {

  /** A trade read at {@code where} (file:line). */
  void trade(long receiptMicros, TradeTick tick, String where);

  /**
   * A line that is not a trade. {@code bad} separates broken input (fails a strict import) from
   * lines that are expected not to be trades, such as order-book messages in a capture.
   */
  void skip(String reason, boolean bad, String where, String detail);

  /** Called once per input line so long imports can show progress. */
  void lineRead(String where);

  /**
   * Input that was read only in part (a damaged gzip): a warning in the report, an error under
   * {@code --strict}.
   */
  void warn(String warning);
}
