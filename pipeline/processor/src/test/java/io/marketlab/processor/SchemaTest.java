package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.layout.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tables the processor creates are the layout the readers use: same names, same columns. */
class SchemaTest {

  private static final Pattern TABLE =
      Pattern.compile("^CREATE TABLE IF NOT EXISTS ks\\.(\\w+) \\((.*?)\\)(?: WITH .*)?$");

  @Test
  void should_create_exactly_the_tables_and_columns_of_the_layout() {
    Map<String, List<String>> created = new LinkedHashMap<>();
    for (String cql : Schema.statements("ks", new Replication.Simple(1))) {
      Matcher table = TABLE.matcher(cql);
      if (table.find()) {
        created.put(table.group(1), columns(table.group(2)));
      }
    }

    assertThat(created.keySet()).containsExactlyElementsOf(Tables.NAMES);
    assertThat(created.get(Tables.Trades.NAME)).isEqualTo(Tables.Trades.COLUMNS);
    assertThat(created.get(Tables.Candles.NAME)).isEqualTo(Tables.Candles.COLUMNS);
    assertThat(created.get(Tables.DeadLetters.NAME)).isEqualTo(Tables.DeadLetters.COLUMNS);
    assertThat(created.get(Tables.LateTrades.NAME)).isEqualTo(Tables.LateTrades.COLUMNS);
    assertThat(created.get(Tables.SymbolState.NAME)).isEqualTo(Tables.SymbolState.COLUMNS);
    assertThat(created.get(Tables.Symbols.NAME)).isEqualTo(Tables.Symbols.COLUMNS);
    assertThat(created.get(Tables.ProcessorBatches.NAME))
        .isEqualTo(Tables.ProcessorBatches.COLUMNS);
    assertThat(created.get(Tables.Gaps.NAME)).isEqualTo(Tables.Gaps.COLUMNS);
  }

  @Test
  void should_add_the_incomplete_column_to_a_candles_table_made_before_it() {
    assertThat(Schema.statements("ks", new Replication.Simple(1)))
        .last()
        .isEqualTo("ALTER TABLE ks.candles ADD IF NOT EXISTS incomplete boolean");
  }

  /** The column names of a table definition: the first word of each top-level item but the key. */
  private static List<String> columns(String definitions) {
    List<String> columns = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= definitions.length(); i++) {
      char c = i == definitions.length() ? ',' : definitions.charAt(i);
      if (c == '(' || c == '<') {
        depth++;
      } else if (c == ')' || c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String item = definitions.substring(start, i).trim();
        if (!item.startsWith("PRIMARY KEY")) {
          columns.add(item.split(" ")[0]);
        }
        start = i + 1;
      }
    }
    return columns;
  }
}
