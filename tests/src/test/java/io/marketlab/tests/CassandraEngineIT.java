package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.marketlab.fixtures.CassandraEngine;
import io.marketlab.fixtures.junit.LabEngines;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The database is a real Cassandra: the Java driver creates a keyspace, writes a row and reads it. */
@LabEngines
class CassandraEngineIT {

  @Test
  void driver_should_create_a_keyspace_and_write_and_read_a_row(CassandraEngine cassandra) {
    String keyspace = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    UUID id = UUID.randomUUID();
    try (CqlSession session = CqlSession.builder()
        .addContactPoints(cassandra.getContactPoints())
        .withLocalDatacenter(cassandra.getLocalDatacenter())
        .build()) {
      session.execute("CREATE KEYSPACE " + keyspace
          + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute("CREATE TABLE " + keyspace + ".notes (id uuid PRIMARY KEY, body text, price double)");
      session.execute(session.prepare("INSERT INTO " + keyspace + ".notes (id, body, price) VALUES (?, ?, ?)")
          .bind(id, "hello from the lab", 61837.63));

      Row row = session.execute(session.prepare("SELECT body, price FROM " + keyspace + ".notes WHERE id = ?")
          .bind(id)).one();
      String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
      session.execute("DROP KEYSPACE " + keyspace);

      assertThat(row).isNotNull();
      assertThat(row.getString("body")).isEqualTo("hello from the lab");
      assertThat(row.getDouble("price")).isEqualTo(61837.63);
      assertThat(version).startsWith("5.0.");
    }
  }
}
