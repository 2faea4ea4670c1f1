package io.marketlab.model.session;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Line 1 of a session file (after {@code #market-lab-session 1 }), as JSON with the snake_case keys
 * {@code name, symbols, source, provenance, licence, start_time, notes}.
 *
 * @param name short name, e.g. {@code btc-eth-demo}
 * @param symbols Finnhub symbols the session carries
 * @param source where the frames came from, e.g. {@code binance-capture}, {@code finnhub-live}
 * @param provenance origin of the data (repository, commit, files) so it can be checked
 * @param licence licence of the data
 * @param startTime instant of offset 0
 * @param notes free-form extra facts (importer options, counts), kept in insertion order
 */
public record SessionHeader(
    String name,
    List<String> symbols,
    String source,
    String provenance,
    String licence,
    Instant startTime,
    Map<String, String> notes) {

  public SessionHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(startTime, "startTime");
    symbols = symbols == null ? List.of() : List.copyOf(symbols);
    source = source == null ? "" : source;
    provenance = provenance == null ? "" : provenance;
    licence = licence == null ? "" : licence;
    // LinkedHashMap keeps the writer's order in the file; wrapped read-only.
    notes =
        notes == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  SessionHeader withNotes(Map<String, String> value) {
    return new SessionHeader(name, symbols, source, provenance, licence, startTime, value);
  }
}
