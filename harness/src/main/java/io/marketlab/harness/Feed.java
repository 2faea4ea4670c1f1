package io.marketlab.harness;

import io.marketlab.ingest.SpeedProfile;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Where the ingest of a pipeline stack connects: a replayed session, or live Finnhub. */
public sealed interface Feed {

  /**
   * The symbols the ingest subscribes to; for a replay, empty means every symbol of the session.
   */
  List<String> symbols();

  /** A session replayed by the local server that speaks Finnhub's protocol. */
  static Replay replay(Path session, double speed) {
    return new Replay(session, speed, List.of(), List.of());
  }

  /** Live Finnhub (or anything that speaks its protocol) at {@code url}. */
  static Finnhub finnhub(URI url, String token, List<String> symbols) {
    return new Finnhub(url, token, symbols);
  }

  /**
   * @param speed replay speed; {@code Double.POSITIVE_INFINITY} = as fast as possible
   * @param bursts stretches of the replay at another speed ({@link SpeedProfile}: wall time after
   *     the replay starts); none by default
   */
  record Replay(Path session, double speed, List<String> symbols, List<SpeedProfile.Burst> bursts)
      implements Feed {

    public Replay {
      Objects.requireNonNull(session, "session");
      if (!(speed > 0)) {
        throw new IllegalArgumentException("replay speed must be > 0, got " + speed);
      }
      symbols = List.copyOf(symbols);
      bursts = new SpeedProfile(speed, bursts).bursts();
    }

    /** The same replay subscribing to {@code value} only (empty: every symbol of the session). */
    public Replay withSymbols(Collection<String> value) {
      return new Replay(session, speed, List.copyOf(value), bursts);
    }

    /** The same replay with {@code value} as its bursts. */
    public Replay withBursts(List<SpeedProfile.Burst> value) {
      return new Replay(session, speed, symbols, value);
    }
  }

  /** The token is never shown: {@link #toString()} leaves it out. */
  record Finnhub(URI url, String token, List<String> symbols) implements Feed {

    public Finnhub {
      Objects.requireNonNull(url, "url");
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("a live feed needs a token");
      }
      if (symbols.isEmpty()) {
        throw new IllegalArgumentException("a live feed needs at least one symbol");
      }
      symbols = List.copyOf(symbols);
    }

    @Override
    public String toString() {
      return "Finnhub[url="
          + url.getScheme()
          + "://"
          + url.getAuthority()
          + ", symbols="
          + symbols
          + "]";
    }
  }
}
