package io.marketlab.processor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link CqlSession} per JVM and cluster (an executor runs many tasks, each batch has several):
 * created on first use, with retries while Cassandra is not up yet, and closed when the JVM stops.
 * Statements are prepared once per session, and one semaphore bounds the session's requests in
 * flight across all the tasks of the JVM.
 */
final class SessionPool {

  private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

  /** After Spark's own shutdown hooks (Hadoop priority 40), before the file systems' (10). */
  private static final int SHUTDOWN_PRIORITY = 20;

  private record Key(
      List<String> contactPoints, String datacenter, String consistency, String keyspace) {}

  private static final Map<Key, Pooled> POOL = new ConcurrentHashMap<>();
  private static final ReentrantLock OPENING = new ReentrantLock();
  private static boolean hookInstalled;

  private SessionPool() {}

  /** A pooled session, its prepared statements (made on first use) and its in-flight bound. */
  static final class Pooled {
    final CqlSession session;
    final Semaphore inFlight;
    private final StoreSettings settings;
    private volatile Statements statements;

    private Pooled(CqlSession session, StoreSettings settings) {
      this.session = session;
      this.settings = settings;
      this.inFlight = new Semaphore(settings.maxInFlight());
    }

    /** The prepared statements; the schema must exist (the driver applies it before the query). */
    Statements statements() {
      Statements prepared = statements;
      if (prepared == null) {
        synchronized (this) {
          if (statements == null) {
            statements =
                Retry.call(
                    settings,
                    "preparing statements",
                    () -> new Statements(session, settings.keyspace()));
          }
          prepared = statements;
        }
      }
      return prepared;
    }
  }

  /**
   * The session for these settings, connecting (and waiting for Cassandra) if there is none yet.
   */
  static Pooled get(StoreSettings settings) {
    Key key =
        new Key(
            settings.contactPoints(),
            settings.localDatacenter(),
            settings.consistency(),
            settings.keyspace());
    Pooled pooled = POOL.get(key);
    if (pooled != null) {
      return pooled;
    }
    try {
      OPENING.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Cassandra session", e);
    }
    try {
      pooled = POOL.get(key);
      if (pooled == null) {
        CqlSession session = Retry.call(settings, "connecting", () -> connect(settings));
        LOG.info("connected to Cassandra at {}", settings.where());
        pooled = new Pooled(session, settings);
        POOL.put(key, pooled);
        installShutdownHook();
      }
      return pooled;
    } finally {
      OPENING.unlock();
    }
  }

  private static void installShutdownHook() {
    if (hookInstalled) {
      return;
    }
    hookInstalled = true;
    org.apache.hadoop.util.ShutdownHookManager.get()
        .addShutdownHook(SessionPool::closeAll, SHUTDOWN_PRIORITY);
  }

  /** Whether the pooled session for these settings exists and sees a node up. */
  static boolean anyNodeUp(StoreSettings settings) {
    Pooled pooled =
        POOL.get(
            new Key(
                settings.contactPoints(),
                settings.localDatacenter(),
                settings.consistency(),
                settings.keyspace()));
    if (pooled == null) {
      return false;
    }
    for (Node node : pooled.session.getMetadata().getNodes().values()) {
      if (node.getState() == NodeState.UP) {
        return true;
      }
    }
    return false;
  }

  /** Closes every pooled session (the JVM is stopping). */
  static void closeAll() {
    for (Pooled pooled : POOL.values()) {
      try {
        pooled.session.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a Cassandra session failed", e);
      }
    }
    POOL.clear();
  }

  /**
   * A session with the configured consistency for every request. The driver reconnects to a node
   * that went away within the retry backoff's maximum, so writes resume soon after it is back.
   */
  static CqlSession connect(StoreSettings settings) {
    Duration reconnectMax = Duration.ofMillis(settings.retryBackoffMaxMs());
    Duration reconnectBase =
        Duration.ofMillis(
            Math.min(settings.retryBackoffMaxMs(), Math.max(100, settings.retryBackoffMinMs())));
    DriverConfigLoader loader =
        DriverConfigLoader.programmaticBuilder()
            .withString(
                DefaultDriverOption.REQUEST_CONSISTENCY,
                DefaultConsistencyLevel.valueOf(settings.consistency()).name())
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, reconnectBase)
            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, reconnectMax)
            // JNR is left out of the jar (it brings ASM onto Spark's classpath); say so up front
            // instead
            // of letting the driver log a stack trace while probing for it.
            .withBoolean(DefaultDriverOption.TIMESTAMP_GENERATOR_FORCE_JAVA_CLOCK, true)
            // A DDL statement completes only after the driver refreshed its schema metadata, which
            // it debounces by 1 s by default: that made the 14 CREATE statements of a new keyspace
            // take 14 s at every start. 20 ms keeps the debouncing and loses the wait.
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(20))
            .build();
    CqlSessionBuilder builder =
        CqlSession.builder()
            .withConfigLoader(loader)
            .withLocalDatacenter(settings.localDatacenter());
    for (String point : settings.contactPoints()) {
      int colon = point.lastIndexOf(':');
      builder.addContactPoint(
          InetSocketAddress.createUnresolved(
              point.substring(0, colon), Integer.parseInt(point.substring(colon + 1))));
    }
    return builder.build();
  }
}
