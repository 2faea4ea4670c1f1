package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.marketlab.fixtures.CassandraEngine;
import io.marketlab.testinfra.LabEngines;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The database is a real Cassandra: the Java driver creates a keyspace, writes a row and reads it.
 */
@LabEngines
class CassandraEngineIT {

  private static SimpleStatement ddl(String cql) {
    return SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60));
  }

  @Test
  void driver_should_create_a_keyspace_and_write_and_read_a_row(CassandraEngine cassandra) {
    String keyspace = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    UUID id = UUID.randomUUID();
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoints(cassandra.getContactPoints())
            .withLocalDatacenter(cassandra.getLocalDatacenter())
            .build()) {
      // Schema changes wait for agreement; on a busy node (many keyspaces by the end of a test run)
      // they take longer than the driver's 2 s default.
      session.execute(
          ddl(
              "CREATE KEYSPACE "
                  + keyspace
                  + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
      session.execute(
          ddl(
              "CREATE TABLE "
                  + keyspace
                  + ".notes (id uuid PRIMARY KEY, body text, price double)"));
      session.execute(
          session
              .prepare("INSERT INTO " + keyspace + ".notes (id, body, price) VALUES (?, ?, ?)")
              .bind(id, "hello from the lab", 61837.63)
              .setTimeout(Duration.ofSeconds(10)));

      Row row =
          session
              .execute(
                  session
                      .prepare("SELECT body, price FROM " + keyspace + ".notes WHERE id = ?")
                      .bind(id)
                      .setTimeout(Duration.ofSeconds(10)))
              .one();
      String version =
          session.execute("SELECT release_version FROM system.local").one().getString(0);
      session.execute(ddl("DROP KEYSPACE " + keyspace));

      assertThat(row).isNotNull();
      assertThat(row.getString("body")).isEqualTo("hello from the lab");
      assertThat(row.getDouble("price")).isEqualTo(61837.63);
      assertThat(version).startsWith("5.0.");
    }
  }
}
