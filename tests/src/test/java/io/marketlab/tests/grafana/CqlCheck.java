package io.marketlab.tests.grafana;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.marketlab.tests.grafana.DashboardQueries.Query;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs a dashboard's CQL (its macros and variables replaced) on the real Cassandra, and says what
 * is wrong with it: it fails, returns no row, returns a column type the Cassandra plugin cannot
 * hand to Grafana, or reads more than one partition (every partition-key column must be fixed by
 * equality; the only exception is the symbol list, which reads the small {@code symbols} table
 * whole, one row per symbol, as the lab's own dashboard does).
 */
final class CqlCheck {

  /** The types the plugin's row normalisation accepts (its pkg/cassandra/row.go). */
  private static final Set<DataType> PLUGIN_TYPES =
      Set.of(
          DataTypes.TEXT,
          DataTypes.ASCII,
          DataTypes.BIGINT,
          DataTypes.INT,
          DataTypes.SMALLINT,
          DataTypes.TINYINT,
          DataTypes.COUNTER,
          DataTypes.FLOAT,
          DataTypes.DOUBLE,
          DataTypes.BOOLEAN,
          DataTypes.TIMESTAMP,
          DataTypes.DATE,
          DataTypes.UUID,
          DataTypes.TIMEUUID,
          DataTypes.INET,
          DataTypes.BLOB,
          DataTypes.VARINT);

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** What one query gave: its rows' first column as text (a variable's values), or a problem. */
  record Outcome(Query query, String cql, List<String> firstColumn, int rows, String problem) {}

  private final CqlSession session;
  private final String keyspace;

  CqlCheck(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  Outcome run(Query query, GrafanaMacros macros) {
    String cql;
    try {
      cql = macros.apply(query.text());
    } catch (IllegalArgumentException e) {
      return new Outcome(query, query.text(), List.of(), 0, e.getMessage());
    }
    Optional<String> partitions = partitionProblem(cql);
    if (partitions.isPresent()) {
      return new Outcome(query, cql, List.of(), 0, partitions.get());
    }
    ResultSet result;
    List<Row> rows;
    try {
      result = session.execute(SimpleStatement.newInstance(cql).setTimeout(TIMEOUT));
      rows = result.all();
    } catch (DriverException e) {
      return new Outcome(query, cql, List.of(), 0, "Cassandra refused it: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    for (ColumnDefinition column : result.getColumnDefinitions()) {
      if (!PLUGIN_TYPES.contains(column.getType())) {
        problems.add(
            "column " + column.getName() + " is " + column.getType() + ", which the plugin drops");
      }
    }
    if (query.variable()) {
      DataType first = result.getColumnDefinitions().get(0).getType();
      if (!first.equals(DataTypes.TEXT) && !first.equals(DataTypes.ASCII)) {
        problems.add("a variable's first column must be text (CAST(... AS text)), is " + first);
      }
    }
    if (rows.isEmpty()) {
      problems.add("no row");
    }
    List<String> first = new ArrayList<>();
    for (Row row : rows) {
      Object value = row.getObject(0);
      first.add(value == null ? "" : value.toString());
    }
    return new Outcome(
        query, cql, first, rows.size(), problems.isEmpty() ? null : String.join("; ", problems));
  }

  /** Empty when the query fixes every partition-key column of its table by equality. */
  private Optional<String> partitionProblem(String cql) {
    CqlReferences.Reference reference = CqlReferences.of(cql);
    Optional<TableMetadata> table =
        session.getMetadata().getKeyspace(keyspace).flatMap(k -> k.getTable(reference.table()));
    if (table.isEmpty()) {
      return Optional.of("no table " + keyspace + "." + reference.table() + " in Cassandra");
    }
    String lower = cql.toLowerCase(Locale.ROOT);
    if (!lower.contains(" where ")) {
      return reference.table().equals(io.marketlab.layout.Tables.Symbols.NAME)
          ? Optional.empty()
          : Optional.of("reads the whole table " + reference.table() + " (no WHERE)");
    }
    List<String> loose = new ArrayList<>();
    for (ColumnMetadata key : table.get().getPartitionKey()) {
      String name = key.getName().asInternal();
      if (!Pattern.compile("\\b" + Pattern.quote(name) + "\\s*=\\s*").matcher(lower).find()) {
        loose.add(name);
      }
    }
    return loose.isEmpty()
        ? Optional.empty()
        : Optional.of("reads more than one partition: partition key " + loose + " not fixed by =");
  }
}
