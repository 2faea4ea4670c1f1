package io.marketlab.model.finnhub;

import java.util.List;
import java.util.Objects;

/** Everything a Finnhub websocket frame can turn out to be, as decided by {@link FinnhubCodec}. */
public sealed interface FinnhubMessage
    permits FinnhubMessage.Trades,
        FinnhubMessage.Ping,
        FinnhubMessage.ErrorMessage,
        FinnhubMessage.Unknown,
        FinnhubMessage.Malformed {

  /**
   * A {@code type:"trade"} frame. Invalid entries do not spoil the frame: they are listed in {@code
   * rejected} (with their position in {@code data}) and the valid ones still pass.
   */
  record Trades(List<TradeTick> valid, List<Rejected> rejected) implements FinnhubMessage {
    public Trades {
      valid = List.copyOf(valid);
      rejected = List.copyOf(rejected);
    }
  }

  /** {@code {"type":"ping"}}: a keep-alive, carries nothing. */
  record Ping() implements FinnhubMessage {}

  /** {@code {"type":"error","msg":...}}, e.g. "Subscribing to too many symbols". */
  record ErrorMessage(String msg) implements FinnhubMessage {
    public ErrorMessage {
      Objects.requireNonNull(msg, "msg");
    }
  }

  /** A well-formed frame of a type we do not handle (e.g. "news"); kept whole for the record. */
  record Unknown(String type, String text) implements FinnhubMessage {}

  /** Not JSON, too large, not an object, or a known type with an unusable shape. */
  record Malformed(String reason) implements FinnhubMessage {
    public Malformed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
