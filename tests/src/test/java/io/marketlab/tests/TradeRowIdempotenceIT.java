package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.marketlab.fixtures.CassandraEngine;
import io.marketlab.processor.Replication;
import io.marketlab.processor.Schema;
import io.marketlab.testinfra.LabEngines;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A trade row written twice is the same row: the driver retries an idempotent write (a timeout at
 * LOCAL_QUORUM on a busy 3-node ring) with the timestamp of its first try, and a Spark task re-run
 * writes it again. A non-frozen list took both writes' elements ({@code [1]} became {@code [1, 1]}:
 * found by the 3-node benchmark, 1,236 of 250,601 SPY trades); a frozen list is one cell.
 */
@LabEngines
class TradeRowIdempotenceIT {

  private static SimpleStatement cql(String text) {
    return SimpleStatement.newInstance(text).setTimeout(Duration.ofSeconds(60));
  }

  private static CqlSession session(CassandraEngine cassandra) {
    return CqlSession.builder()
        .addContactPoints(cassandra.getContactPoints())
        .withLocalDatacenter(cassandra.getLocalDatacenter())
        .build();
  }

  private static String keyspace() {
    return "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @Test
  void a_trade_row_written_twice_with_one_timestamp_should_keep_its_conditions_once(
      CassandraEngine cassandra) {
    String keyspace = keyspace();
    try (CqlSession session = session(cassandra)) {
      Schema.apply(session, keyspace, Replication.parse("1"));
      String insert =
          "INSERT INTO "
              + keyspace
              + ".trades (symbol, day, trade_ts, ingest_id, frame_seq, index_in_frame, price,"
              + " volume, conditions) VALUES ('SPY', '2013-10-07', 1381174967482, 'ing-1', 7, 0,"
              + " 167.81, 800, ['1', '12']) USING TIMESTAMP 1796310000000000";

      session.execute(cql(insert));
      session.execute(cql(insert));

      List<String> conditions =
          session
              .execute(
                  cql(
                      "SELECT conditions FROM "
                          + keyspace
                          + ".trades WHERE symbol = 'SPY' AND day = '2013-10-07'"))
              .one()
              .getList("conditions", String.class);
      assertThat(conditions).containsExactly("1", "12");
      session.execute(cql("DROP KEYSPACE " + keyspace));
    }
  }

  @Test
  void a_keyspace_whose_conditions_are_a_non_frozen_list_should_be_refused_naming_the_remedy(
      CassandraEngine cassandra) {
    String keyspace = keyspace();
    try (CqlSession session = session(cassandra)) {
      session.execute(
          cql(
              "CREATE KEYSPACE "
                  + keyspace
                  + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
      session.execute(
          cql(
              "CREATE TABLE "
                  + keyspace
                  + ".trades (symbol text, day date, trade_ts timestamp, ingest_id text, frame_seq"
                  + " bigint, index_in_frame int, conditions list<text>, PRIMARY KEY ((symbol,"
                  + " day), trade_ts, ingest_id, frame_seq, index_in_frame))"));

      assertThatThrownBy(() -> Schema.apply(session, keyspace, Replication.parse("1")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(keyspace + ".trades.conditions is list<text>")
          .hasMessageContaining("frozen<list<text>>");
      session.execute(cql("DROP KEYSPACE " + keyspace));
    }
  }
}
