package io.marketlab.config;

import java.time.Duration;
import java.util.List;

/**
 * The one registry of every setting the lab reads: engines, endpoints, processor, ingest and
 * dashboard. Each is read from (last wins) its default, {@code lab.properties} at the project root,
 * its environment variable, its system property ({@code -Dlab.kafka.port=19092}), and, for the
 * processor, its program argument ({@code --topic=trades}). Command options that stand for a
 * setting take their default from here, so {@code lab settings} lists what every command reads.
 */
public final class Settings {

  /** The definitions, in the order {@code lab settings} lists them. */
  public static final ConfigDef DEF = new ConfigDef();

  // ---------------------------------------------------------------- the lab and its engines
  public static final Setting<String> WORK_DIR =
      DEF.group("lab")
          .defineString(
              "lab.workDir",
              "LAB_WORK_DIR",
              "",
              "Directory for all engine state, logs and checkpoints; empty = <project>/.lab");
  public static final Setting<String> PROVIDER =
      DEF.defineChoice(
          "lab.provider",
          "LAB_PROVIDER",
          "auto",
          "local | containers | external | auto (external if endpoints are set, containers if a"
              + " Docker engine answers, else local)",
          "auto",
          "local",
          "containers",
          "external");
  public static final Setting<Integer> START_TIMEOUT_SECONDS =
      DEF.defineInt(
          "lab.startTimeoutSeconds",
          "LAB_START_TIMEOUT_SECONDS",
          "240",
          1,
          86_400,
          "How long an engine may take to become healthy, in seconds");
  public static final Setting<Integer> LOG_MAX_SIZE_MB =
      DEF.defineInt(
          "lab.log.maxSizeMb",
          "LAB_LOG_MAX_SIZE_MB",
          "20",
          1,
          10_240,
          "Size in MB at which an engine's or the processor's log (logs/NAME.log) is rotated");
  public static final Setting<Integer> LOG_MAX_FILES =
      DEF.defineInt(
          "lab.log.maxFiles",
          "LAB_LOG_MAX_FILES",
          "5",
          1,
          20,
          "Rotated logs kept per engine (NAME.log.1 newest .. NAME.log.N); older ones are deleted");

  public static final Setting<Double> SCENARIO_LATENCY_FACTOR =
      DEF.defineDouble(
          "lab.scenario.latencyFactor",
          "LAB_SCENARIO_LATENCY_FACTOR",
          "1",
          1,
          100,
          "Every scenario's latency bounds times this (exactness checks never change): for a"
              + " machine slower than the one the bounds were set on, or one that runs more engines"
              + " (the cluster gate, -Pcluster, sets 3 for 3 nodes of each on 2 cores)");
  public static final Setting<String> REQUIRE_SHARED_DATA =
      DEF.defineChoice(
          "lab.requireSharedData",
          "LAB_REQUIRE_SHARED_DATA",
          "auto",
          "Whether a missing ../shared input fails a test or scenario (true) or skips it (false);"
              + " auto = fail under CI (CI=true), skip elsewhere",
          "auto",
          "true",
          "false");

  public static final Setting<Integer> NODES =
      DEF.defineInt(
          "lab.nodes",
          "LAB_NODES",
          "1",
          1,
          5,
          "Local Kafka brokers and Cassandra nodes (lab up --nodes 3): node N on 127.0.0.N with the"
              + " single node's ports; above 1, topics get replication factor min(3, N) with"
              + " min.insync.replicas 2 and the keyspace NetworkTopologyStrategy with that factor;"
              + " when unset, commands take the count the running lab was started with");

  // ---------------------------------------------------------------- Kafka
  public static final Setting<List<String>> KAFKA_BOOTSTRAP =
      DEF.group("kafka")
          .argument("kafka-bootstrap")
          .alias("PROCESSOR_KAFKA_BOOTSTRAP")
          .defineEndpoints(
              "lab.kafka.bootstrap",
              "LAB_KAFKA_BOOTSTRAP",
              "",
              "External Kafka bootstrap servers (host:port,...); set = every command and the"
                  + " processor use that cluster, unset = the local broker");
  public static final Setting<Integer> KAFKA_PORT =
      DEF.definePort("lab.kafka.port", "LAB_KAFKA_PORT", "9092", "Local broker PLAINTEXT port");
  public static final Setting<Integer> KAFKA_CONTROLLER_PORT =
      DEF.definePort(
          "lab.kafka.controllerPort",
          "LAB_KAFKA_CONTROLLER_PORT",
          "9093",
          "Local KRaft controller port");
  public static final Setting<String> KAFKA_HEAP =
      DEF.defineHeap("lab.kafka.heap", "LAB_KAFKA_HEAP", "512m", "Local broker heap (-Xms/-Xmx)");
  public static final Setting<Integer> KAFKA_PARTITIONS =
      DEF.defineInt(
          "lab.kafka.partitions",
          "LAB_KAFKA_PARTITIONS",
          "2",
          1,
          10_000,
          "Default partitions of topics the lab creates");

  // ---------------------------------------------------------------- Cassandra
  public static final Setting<List<String>> CASSANDRA_CONTACT_POINTS =
      DEF.group("cassandra")
          .argument("cassandra")
          .alias("PROCESSOR_CASSANDRA")
          .defineEndpoints(
              "lab.cassandra.contactPoints",
              "LAB_CASSANDRA_CONTACT_POINTS",
              "",
              "External Cassandra contact points (host:port,...); set = every command and the"
                  + " processor use that cluster, unset = the local node");
  public static final Setting<String> CASSANDRA_DATACENTER =
      DEF.argument("datacenter")
          .alias("PROCESSOR_DATACENTER")
          .defineString(
              "lab.cassandra.datacenter",
              "LAB_CASSANDRA_DATACENTER",
              "datacenter1",
              "Local datacenter name for the Java driver");
  public static final Setting<Integer> CASSANDRA_PORT =
      DEF.definePort("lab.cassandra.port", "LAB_CASSANDRA_PORT", "9042", "Local CQL port");
  public static final Setting<Integer> CASSANDRA_STORAGE_PORT =
      DEF.definePort(
          "lab.cassandra.storagePort",
          "LAB_CASSANDRA_STORAGE_PORT",
          "7000",
          "Local inter-node (gossip) port");
  public static final Setting<String> CASSANDRA_COMMITLOG_SYNC =
      DEF.defineChoice(
          "lab.cassandra.commitlogSync",
          "LAB_CASSANDRA_COMMITLOG_SYNC",
          "batch",
          "Local Cassandra's commit log: batch (a write is acknowledged once on disk: nothing"
              + " acknowledged is lost when Cassandra is killed), group (fsync every 2 ms) or"
              + " periodic (Cassandra's default: up to 10 s of acknowledged writes lost on kill -9)",
          "batch",
          "group",
          "periodic");
  public static final Setting<String> CASSANDRA_HEAP =
      DEF.defineHeap(
          "lab.cassandra.heap", "LAB_CASSANDRA_HEAP", "1g", "Local Cassandra heap (-Xms/-Xmx)");

  // ---------------------------------------------------------------- Spark
  public static final Setting<String> SPARK_MASTER =
      DEF.group("spark")
          .defineString(
              "lab.spark.master",
              "LAB_SPARK_MASTER",
              "local[4]",
              "Where the processor runs: local[N] or a cluster master URL (spark://host:7077)."
                  + " N is task slots (threads, not cores): the real-time trade-rows query keeps"
                  + " one task per Kafka partition running, the stateful query needs"
                  + " shuffle-partitions more");
  public static final Setting<Integer> SPARK_MASTER_PORT =
      DEF.definePort(
          "lab.spark.masterPort",
          "LAB_SPARK_MASTER_PORT",
          "7077",
          "Local standalone master port (lab up --spark-cluster)");
  public static final Setting<Integer> SPARK_MASTER_UI_PORT =
      DEF.definePort(
          "lab.spark.masterUiPort",
          "LAB_SPARK_MASTER_UI_PORT",
          "8080",
          "Local standalone master web UI port");
  public static final Setting<Integer> SPARK_WORKER_UI_PORT =
      DEF.definePort(
          "lab.spark.workerUiPort",
          "LAB_SPARK_WORKER_UI_PORT",
          "8081",
          "Local standalone worker web UI port");
  public static final Setting<String> SPARK_DAEMON_HEAP =
      DEF.defineHeap(
          "lab.spark.daemonHeap",
          "LAB_SPARK_DAEMON_HEAP",
          "256m",
          "Heap of the standalone master and worker daemons");
  public static final Setting<Integer> SPARK_WORKER_CORES =
      DEF.defineInt(
          "lab.spark.workerCores",
          "LAB_SPARK_WORKER_CORES",
          "4",
          1,
          1_024,
          "Cores (task slots) the standalone worker offers; they are counted, not bound to CPUs");
  public static final Setting<String> SPARK_WORKER_MEMORY =
      DEF.defineHeap(
          "lab.spark.workerMemory",
          "LAB_SPARK_WORKER_MEMORY",
          "1g",
          "Memory the standalone worker offers to executors");

  // ---------------------------------------------------------------- processor (spark-submit args)
  public static final Setting<String> PROCESSOR_DRIVER_HEAP =
      DEF.group("processor")
          .defineHeap(
              "lab.processor.driverHeap",
              "LAB_PROCESSOR_DRIVER_HEAP",
              "1g",
              "Heap of the processor's Spark driver JVM");
  public static final Setting<String> PROCESSOR_JAVA_OPTIONS =
      DEF.defineString(
          "lab.processor.javaOptions",
          "LAB_PROCESSOR_JAVA_OPTIONS",
          "",
          "Extra JVM options of the processor's driver and executors, space-separated (e.g."
              + " -XX:+FlightRecorder -XX:StartFlightRecording=filename=processor.jfr)");
  public static final Setting<Integer> PROCESSOR_SHUFFLE_PARTITIONS =
      DEF.defineInt(
          "lab.processor.shufflePartitions",
          "LAB_PROCESSOR_SHUFFLE_PARTITIONS",
          "2",
          1,
          10_000,
          "spark.sql.shuffle.partitions of a new checkpoint: how many tasks hold the per-symbol"
              + " state (a checkpoint keeps the number it was created with)");
  public static final Setting<Integer> PROCESSOR_EXECUTORS =
      DEF.defineInt(
          "lab.processor.executors",
          "LAB_PROCESSOR_EXECUTORS",
          "2",
          1,
          1_024,
          "On a cluster master (lab up --spark-cluster): executor JVMs the processor asks for");
  public static final Setting<Integer> PROCESSOR_EXECUTOR_CORES =
      DEF.defineInt(
          "lab.processor.executorCores",
          "LAB_PROCESSOR_EXECUTOR_CORES",
          "2",
          1,
          1_024,
          "On a cluster master: cores (task slots) of each executor");
  public static final Setting<String> PROCESSOR_EXECUTOR_HEAP =
      DEF.defineHeap(
          "lab.processor.executorHeap",
          "LAB_PROCESSOR_EXECUTOR_HEAP",
          "512m",
          "On a cluster master: heap of each executor JVM");
  public static final Setting<String> PROCESSOR_TOPIC =
      DEF.argument("topic")
          .defineString(
              "lab.processor.topic", "PROCESSOR_TOPIC", "trades", "Kafka topic of Avro trades");
  public static final Setting<String> PROCESSOR_STARTING_OFFSETS =
      DEF.argument("starting-offsets")
          .defineString(
              "lab.processor.startingOffsets",
              "PROCESSOR_STARTING_OFFSETS",
              "earliest",
              "Where a query without checkpoint starts: earliest, latest or Spark's JSON; later"
                  + " runs resume from the checkpoint");
  public static final Setting<Long> PROCESSOR_MAX_OFFSETS_PER_TRIGGER =
      DEF.argument("max-offsets-per-trigger")
          .defineLong(
              "lab.processor.maxOffsetsPerTrigger",
              "PROCESSOR_MAX_OFFSETS_PER_TRIGGER",
              "50000",
              0,
              "Records per micro-batch at most (0 = no limit)");
  public static final Setting<Boolean> PROCESSOR_FAIL_ON_DATA_LOSS =
      DEF.argument("fail-on-data-loss")
          .defineBoolean(
              "lab.processor.failOnDataLoss",
              "PROCESSOR_FAIL_ON_DATA_LOSS",
              "true",
              "Fail when offsets vanished (topic recreated, retention)");
  public static final Setting<String> PROCESSOR_KEYSPACE =
      DEF.argument("keyspace")
          .define(
              "lab.processor.keyspace",
              "PROCESSOR_KEYSPACE",
              "market",
              "Cassandra keyspace the processor writes and the dashboard reads",
              Settings::keyspace,
              false);
  public static final Setting<String> PROCESSOR_REPLICATION =
      DEF.argument("replication")
          .define(
              "lab.processor.replication",
              "PROCESSOR_REPLICATION",
              "1",
              "Keyspace replication: a factor (SimpleStrategy) or dc:factor pairs"
                  + " (NetworkTopologyStrategy, e.g. dc1:3,dc2:3)",
              Settings::replication,
              false);
  public static final Setting<String> PROCESSOR_CONSISTENCY =
      DEF.argument("consistency")
          .defineChoice(
              "lab.processor.consistency",
              "PROCESSOR_CONSISTENCY",
              "LOCAL_QUORUM",
              "Consistency level of the processor's reads and writes",
              "ONE",
              "TWO",
              "THREE",
              "QUORUM",
              "ALL",
              "LOCAL_ONE",
              "LOCAL_QUORUM",
              "EACH_QUORUM");
  public static final Setting<Integer> PROCESSOR_TRADES_TTL_SECONDS =
      DEF.argument("trades-ttl-seconds")
          .defineInt(
              "lab.processor.tradesTtlSeconds",
              "PROCESSOR_TRADES_TTL_SECONDS",
              "0",
              0,
              Integer.MAX_VALUE,
              "TTL of rows in trades and late_trades; 0 = keep forever, else at least 3600");
  public static final Setting<String> PROCESSOR_CHECKPOINT =
      DEF.argument("checkpoint")
          .defineString(
              "lab.processor.checkpoint",
              "PROCESSOR_CHECKPOINT",
              "",
              "Spark checkpoint location (holds the Kafka offsets); required by the processor,"
                  + " the lab passes one per run under the work directory");
  public static final Setting<Duration> PROCESSOR_WATERMARK_DELAY =
      DEF.argument("watermark-delay")
          .defineDuration(
              "lab.processor.watermarkDelay",
              "PROCESSOR_WATERMARK_DELAY",
              "10s",
              "How far behind its symbol's newest trade a trade may be and still count in candles");
  public static final Setting<Duration> PROCESSOR_TRIGGER_INTERVAL =
      DEF.argument("trigger-interval")
          .defineDuration(
              "lab.processor.triggerInterval",
              "PROCESSOR_TRIGGER_INTERVAL",
              "0",
              "Micro-batch interval (0 = the next batch as soon as one ends)");
  public static final Setting<String> PROCESSOR_QUERY_NAME =
      DEF.argument("query-name")
          .defineString(
              "lab.processor.queryName",
              "PROCESSOR_QUERY_NAME",
              "marketlab-processor",
              "The streaming query's name");
  public static final Setting<Integer> PROCESSOR_MAX_IN_FLIGHT =
      DEF.argument("max-in-flight")
          .defineInt(
              "lab.processor.maxInFlight",
              "PROCESSOR_MAX_IN_FLIGHT",
              "256",
              1,
              65_536,
              "Cassandra write requests in flight at most, per executor JVM (one pooled session)");
  public static final Setting<Integer> PROCESSOR_BATCH_STATEMENTS =
      DEF.argument("batch-statements")
          .defineInt(
              "lab.processor.batchStatements",
              "PROCESSOR_BATCH_STATEMENTS",
              "50",
              1,
              1_000,
              "Rows of one Cassandra partition sent as one UNLOGGED batch at most (and ~40 KiB)");
  public static final Setting<Duration> PROCESSOR_RETRY_BACKOFF_MIN =
      DEF.argument("retry-backoff-min")
          .defineDuration(
              "lab.processor.retryBackoffMin",
              "PROCESSOR_RETRY_BACKOFF_MIN",
              "100ms",
              "First pause before a Cassandra write is retried (unreachable, timeout,"
                  + " unavailable); doubles up to retry-backoff-max");
  public static final Setting<Duration> PROCESSOR_RETRY_BACKOFF_MAX =
      DEF.argument("retry-backoff-max")
          .defineDuration(
              "lab.processor.retryBackoffMax",
              "PROCESSOR_RETRY_BACKOFF_MAX",
              "5s",
              "Longest pause between retries of a Cassandra write while the store is down");
  public static final Setting<Duration> PROCESSOR_RETRY_GIVE_UP =
      DEF.argument("retry-give-up")
          .defineDuration(
              "lab.processor.retryGiveUp",
              "PROCESSOR_RETRY_GIVE_UP",
              "0",
              "How long the processor waits for an unreachable Cassandra before its query fails"
                  + " (0 = forever: the batch waits, Kafka keeps the data)");
  public static final Setting<String> PROCESSOR_STATE_STORE =
      DEF.argument("state-store")
          .defineString(
              "lab.processor.stateStore",
              "PROCESSOR_STATE_STORE",
              "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider",
              "Spark state store provider of the per-symbol candle and lateness state (fixed per"
                  + " checkpoint)");
  public static final Setting<String> PROCESSOR_TRADE_ROWS =
      DEF.argument("trade-rows")
          .defineChoice(
              "lab.processor.tradeRows",
              "PROCESSOR_TRADE_ROWS",
              "real-time",
              "Which query writes trade rows and dead letters: micro-batch (the stateful query"
                  + " writes everything) or real-time (a second, stateless Real-Time Mode query,"
                  + " checkpoint <checkpoint>-rows; needs a task slot per Kafka partition on top)",
              "micro-batch",
              "real-time");
  public static final Setting<Duration> PROCESSOR_REAL_TIME_BATCH =
      DEF.argument("real-time-batch")
          .defineDuration(
              "lab.processor.realTimeBatch",
              "PROCESSOR_REAL_TIME_BATCH",
              "5m",
              "Checkpoint interval of the real-time trade-rows query (Trigger.RealTime); rows are"
                  + " written as they arrive, not at its end");
  public static final Setting<Integer> PROCESSOR_METRICS_PORT =
      DEF.argument("metrics-port")
          .defineInt(
              "lab.processor.metricsPort",
              "PROCESSOR_METRICS_PORT",
              "0",
              0,
              65_535,
              "Port of the processor driver's Prometheus metrics (/metrics on 127.0.0.1); 0 = any"
                  + " free port (each run's processor its own), named in its ready line");
  public static final Setting<String> PROCESSOR_METRICS_TARGETS =
      DEF.argument("metrics-targets")
          .defineString(
              "lab.processor.metricsTargets",
              "PROCESSOR_METRICS_TARGETS",
              "",
              "Directory of Prometheus file-discovery targets the processor (and each executor on a"
                  + " cluster) registers its metrics endpoint in; empty = none (the lab gives"
                  + " .lab/conf/prometheus-targets)");
  public static final Setting<String> PROCESSOR_STATUS_FILE =
      DEF.argument("status-file")
          .defineString(
              "lab.processor.statusFile",
              "PROCESSOR_STATUS_FILE",
              "",
              "JSON status file the processor keeps up to date (state, last batch, Cassandra"
                  + " reachability); empty = processor-status.json in the checkpoint directory");

  // ---------------------------------------------------------------- analytics (docs/ANALYTICS.md)
  public static final Setting<Integer> ANOMALY_HALFLIFE =
      DEF.group("analytics")
          .argument("anomaly-halflife")
          .defineInt(
              "lab.anomaly.halflife",
              "LAB_ANOMALY_HALFLIFE",
              "600",
              1,
              1_000_000,
              "Half-life of the anomaly baselines, in observations (1 s candles with trades): an"
                  + " observation's weight halves after this many newer ones");
  public static final Setting<Integer> ANOMALY_WARMUP =
      DEF.argument("anomaly-warmup")
          .defineInt(
              "lab.anomaly.warmup",
              "LAB_ANOMALY_WARMUP",
              "300",
              1,
              1_000_000,
              "Observations a symbol's baseline takes in before it may flag anything");
  public static final Setting<Double> ANOMALY_JUMP_THRESHOLD =
      DEF.argument("anomaly-jump-threshold")
          .defineDouble(
              "lab.anomaly.jumpThreshold",
              "LAB_ANOMALY_JUMP_THRESHOLD",
              "8",
              1,
              1_000,
              "A 1 s log return is a price jump at this many robust sigmas (|r| / sigma)");
  public static final Setting<Double> ANOMALY_JUMP_FLOOR =
      DEF.argument("anomaly-jump-floor")
          .defineDouble(
              "lab.anomaly.jumpFloor",
              "LAB_ANOMALY_JUMP_FLOOR",
              "0.00005",
              0,
              1,
              "Smallest robust sigma of 1 s log returns (0.00005 = 0.5 basis points, so a jump"
                  + " moves at least 4 basis points in a second at threshold 8): on a quiet"
                  + " symbol, a few ticks are not a jump");
  public static final Setting<Double> ANOMALY_VOLUME_THRESHOLD =
      DEF.argument("anomaly-volume-threshold")
          .defineDouble(
              "lab.anomaly.volumeThreshold",
              "LAB_ANOMALY_VOLUME_THRESHOLD",
              "6",
              1,
              1_000,
              "A 1 s volume is a spike at this many robust sigmas of log volume above its baseline");
  public static final Setting<Double> ANOMALY_VOLUME_FLOOR =
      DEF.argument("anomaly-volume-floor")
          .defineDouble(
              "lab.anomaly.volumeFloor",
              "LAB_ANOMALY_VOLUME_FLOOR",
              "0.5",
              0,
              100,
              "Smallest robust sigma of log volume (0.5: a spike needs at least e^(0.5 x"
                  + " threshold) times the baseline volume)");
  public static final Setting<Duration> ANOMALY_COOLDOWN =
      DEF.argument("anomaly-cooldown")
          .defineDuration(
              "lab.anomaly.cooldown",
              "LAB_ANOMALY_COOLDOWN",
              "30s",
              "An observation over its threshold is not raised when another of its kind was over"
                  + " the threshold less than this long before it (trade time): a burst is one"
                  + " anomaly; 0s = raise each");
  public static final Setting<String> ANOMALY_WEBHOOK_URL =
      DEF.argument("anomaly-webhook-url")
          .defineString(
              "lab.anomaly.webhookUrl",
              "LAB_ANOMALY_WEBHOOK_URL",
              "",
              "http(s) URL each anomaly is POSTed to as JSON; empty = none");
  public static final Setting<Duration> ANOMALY_WEBHOOK_TIMEOUT =
      DEF.argument("anomaly-webhook-timeout")
          .defineDuration(
              "lab.anomaly.webhookTimeout",
              "LAB_ANOMALY_WEBHOOK_TIMEOUT",
              "2s",
              "Timeout of one webhook POST (connect and response)");
  public static final Setting<Integer> ANOMALY_WEBHOOK_RETRIES =
      DEF.argument("anomaly-webhook-retries")
          .defineInt(
              "lab.anomaly.webhookRetries",
              "LAB_ANOMALY_WEBHOOK_RETRIES",
              "3",
              0,
              100,
              "Retries of a webhook POST that failed (backoff 0.5 s doubling); the stream never"
                  + " waits for them");
  public static final Setting<Integer> ANOMALY_WEBHOOK_QUEUE =
      DEF.argument("anomaly-webhook-queue")
          .defineInt(
              "lab.anomaly.webhookQueue",
              "LAB_ANOMALY_WEBHOOK_QUEUE",
              "1000",
              1,
              1_000_000,
              "Anomalies waiting for the webhook at most, per executor JVM; beyond it the oldest"
                  + " is dropped and counted");

  // ---------------------------------------------------------------- ingest
  public static final Setting<String> FINNHUB_URL =
      DEF.group("ingest")
          .defineString(
              "lab.finnhub.url", "FINNHUB_URL", "wss://ws.finnhub.io", "Finnhub websocket URL");
  public static final Setting<String> FINNHUB_TOKEN =
      DEF.defineSecret(
          "lab.finnhub.token",
          "FINNHUB_TOKEN",
          "Finnhub API token; needed for finnhub.io itself, never printed or recorded");
  public static final Setting<List<String>> FINNHUB_TOKEN_HOSTS =
      DEF.defineList(
          "lab.finnhub.tokenHosts",
          "LAB_FINNHUB_TOKEN_HOSTS",
          "ws.finnhub.io,finnhub.io",
          "Hosts the Finnhub token is sent to (websocket and REST), over wss:// and https://"
              + " only; a token with any other URL is an error");
  public static final Setting<Boolean> FINNHUB_INSECURE_TOKEN =
      DEF.defineBoolean(
          "lab.finnhub.insecureToken",
          "LAB_FINNHUB_INSECURE_TOKEN",
          "false",
          "Send the Finnhub token to any URL, plain ws:// and http:// included (only for a test"
              + " server you trust)");
  public static final Setting<List<String>> SYMBOLS =
      DEF.defineList(
          "lab.symbols",
          "LAB_SYMBOLS",
          "BINANCE:BTCUSDT,BINANCE:ETHUSDT",
          "Symbols the ingest subscribes to (A,B,...)");
  public static final Setting<String> TOPIC =
      DEF.defineString(
          "lab.topic", "LAB_TOPIC", "trades", "Kafka topic the ingest writes trades to");
  public static final Setting<String> DLQ_TOPIC =
      DEF.defineString(
          "lab.dlqTopic", "LAB_DLQ_TOPIC", "trades.dlq", "Kafka topic of dead-lettered frames");
  public static final Setting<Integer> LINGER_MS =
      DEF.defineInt(
          "lab.ingest.lingerMs", "LAB_INGEST_LINGER_MS", "1", 0, 60_000, "Producer linger.ms");
  public static final Setting<Duration> SILENCE_TIMEOUT =
      DEF.defineDuration(
          "lab.ingest.silenceTimeout",
          "LAB_INGEST_SILENCE_TIMEOUT",
          "30s",
          "Reconnect when no frame arrives for this long");
  public static final Setting<String> INGEST_JOURNAL_DIR =
      DEF.defineString(
          "lab.ingest.journalDir",
          "LAB_INGEST_JOURNAL_DIR",
          "",
          "Directory of the ingest's disk journal (every frame is written there before it is"
              + " sent; a restart on it resends what Kafka did not acknowledge, with the same"
              + " ingest id); empty = <work dir>/journal/<ingest name>");
  public static final Setting<Long> INGEST_JOURNAL_MAX_BYTES =
      DEF.defineLong(
          "lab.ingest.journalMaxBytes",
          "LAB_INGEST_JOURNAL_MAX_BYTES",
          "1073741824",
          2L << 20,
          "Disk the journal may use, in bytes (default 1 GiB); when full, new frames are refused"
              + " and counted as lost-journal-full (an ERROR once per episode), never dropped"
              + " in silence");
  public static final Setting<Long> INGEST_JOURNAL_SEGMENT_BYTES =
      DEF.defineLong(
          "lab.ingest.journalSegmentBytes",
          "LAB_INGEST_JOURNAL_SEGMENT_BYTES",
          "67108864",
          1L << 20,
          "Size at which the journal starts a new segment file (default 64 MiB); a segment is"
              + " deleted once Kafka acknowledged all of it; at most half of the max bytes");
  public static final Setting<Duration> INGEST_JOURNAL_FSYNC_INTERVAL =
      DEF.defineDuration(
          "lab.ingest.journalFsyncInterval",
          "LAB_INGEST_JOURNAL_FSYNC_INTERVAL",
          "10ms",
          "How often the journal fsyncs (0 = as soon as a frame is written); a frame is sent"
              + " only once it is on disk, so kill -9 loses nothing and a power loss at most the"
              + " frames of the last interval, none of which reached Kafka");

  public static final Setting<Duration> INGEST_FUTURE_SKEW =
      DEF.defineDuration(
          "lab.ingest.futureSkew",
          "LAB_INGEST_FUTURE_SKEW",
          "5s",
          "A trade stamped more than this after its frame's receipt is dead-lettered (rejected):"
              + " it would move its symbol's watermark; a host clock off by more rejects real"
              + " trades");
  public static final Setting<Integer> INGEST_METRICS_PORT =
      DEF.defineInt(
          "lab.ingest.metricsPort",
          "LAB_INGEST_METRICS_PORT",
          "0",
          -1,
          65_535,
          "Port of the ingest's Prometheus metrics (/metrics on 127.0.0.1); 0 = any free port"
              + " (several ingests run at once; Prometheus finds each through its target file),"
              + " named in its start line; -1 = not served");
  public static final Setting<String> INGEST_HEAP =
      DEF.defineHeap(
          "lab.ingest.heap",
          "LAB_INGEST_HEAP",
          "256m",
          "Heap of the ingest JVM a pipeline run starts (scenarios, lab demo, lab bench pipeline):"
              + " frames wait in the disk journal, not in memory");

  // ---------------------------------------------------------------- dashboard
  public static final Setting<Integer> DASHBOARD_PORT =
      DEF.group("dashboard")
          .definePort(
              "lab.dashboard.port",
              "LAB_DASHBOARD_PORT",
              "8088",
              "Dashboard web port (on the bind address)");
  public static final Setting<String> DASHBOARD_BIND_ADDRESS =
      DEF.defineString(
          "lab.dashboard.bindAddress",
          "LAB_DASHBOARD_BIND_ADDRESS",
          "127.0.0.1",
          "Address the dashboard's web server binds; 127.0.0.1 keeps the page local, 0.0.0.0"
              + " serves it from a container (name the hosts it answers to in allowedHosts)");
  public static final Setting<Duration> DASHBOARD_POLL_INTERVAL =
      DEF.defineDuration(
          "lab.dashboard.pollInterval",
          "LAB_DASHBOARD_POLL_INTERVAL",
          "500ms",
          "How often the dashboard reads Cassandra for live updates");
  public static final Setting<Integer> DASHBOARD_MAX_CLIENTS =
      DEF.defineInt(
          "lab.dashboard.maxClients",
          "LAB_DASHBOARD_MAX_CLIENTS",
          "64",
          1,
          10_000,
          "Live (SSE) clients the dashboard serves at once; one more gets HTTP 503");
  public static final Setting<Integer> DASHBOARD_CLIENT_QUEUE =
      DEF.defineInt(
          "lab.dashboard.clientQueue",
          "LAB_DASHBOARD_CLIENT_QUEUE",
          "100",
          1,
          100_000,
          "Live events waiting for one client at most (about 4 per poll); a client that falls"
              + " this far behind is dropped");
  public static final Setting<List<String>> DASHBOARD_ALLOWED_HOSTS =
      DEF.defineList(
          "lab.dashboard.allowedHosts",
          "LAB_DASHBOARD_ALLOWED_HOSTS",
          "",
          "Host names the dashboard answers to besides localhost, 127.0.0.1, [::1] and its bind"
              + " address (A,B,...); any other Host header gets HTTP 403 (DNS rebinding)");
  public static final Setting<String> DASHBOARD_PROMETHEUS_URL =
      DEF.defineString(
          "lab.dashboard.prometheusUrl",
          "LAB_DASHBOARD_PROMETHEUS_URL",
          "",
          "Prometheus server whose health the pipeline page shows (e.g. http://127.0.0.1:9090);"
              + " empty = none listed");
  public static final Setting<Duration> DASHBOARD_KAFKA_TIMEOUT =
      DEF.defineDuration(
          "lab.dashboard.kafkaTimeout",
          "LAB_DASHBOARD_KAFKA_TIMEOUT",
          "3s",
          "How long one Kafka request of the pipeline page (metadata, offsets, a page of"
              + " records) may take before the page says Kafka is unavailable");

  // ---------------------------------------------------------------- browser tests
  public static final Setting<String> BROWSER_CHROMIUM =
      DEF.group("browser")
          .defineString(
              "lab.browser.chromium",
              "LAB_CHROMIUM",
              "/usr/bin/chromium",
              "Chromium the browser tests drive headless (Debian: apt-get install chromium), a path"
                  + " or a name on PATH; missing = they skip, or fail under CI");
  public static final Setting<String> BROWSER_NODE =
      DEF.defineString(
          "lab.browser.node",
          "LAB_NODE",
          "node",
          "Node.js 20+ that runs the browser test scripts (tests/browser), a path or a name on"
              + " PATH; npm is taken from beside it, else from PATH");

  public static final Setting<String> PROMETHEUS_BINARY =
      DEF.group("prometheus")
          .defineString(
              "lab.prometheus.binary",
              "LAB_PROMETHEUS_BINARY",
              "prometheus",
              "The Prometheus server program, a path or a name on PATH (Debian: apt-get install"
                  + " prometheus); lab up runs without it when it is missing");
  public static final Setting<Integer> PROMETHEUS_PORT =
      DEF.definePort(
          "lab.prometheus.port",
          "LAB_PROMETHEUS_PORT",
          "9090",
          "Local Prometheus web and API port on 127.0.0.1");
  public static final Setting<Duration> PROMETHEUS_RETENTION =
      DEF.defineDuration(
          "lab.prometheus.retention",
          "LAB_PROMETHEUS_RETENTION",
          "1d",
          "How long the local Prometheus keeps samples (--storage.tsdb.retention.time)");
  public static final Setting<Duration> PROMETHEUS_SCRAPE_INTERVAL =
      DEF.defineDuration(
          "lab.prometheus.scrapeInterval",
          "LAB_PROMETHEUS_SCRAPE_INTERVAL",
          "2s",
          "How often the local Prometheus scrapes every part and evaluates the rules");
  public static final Setting<String> PROMETHEUS_MEMORY =
      DEF.defineHeap(
          "lab.prometheus.memory",
          "LAB_PROMETHEUS_MEMORY",
          "256m",
          "Soft memory limit of the local Prometheus (GOMEMLIMIT), its heap in Go terms");
  public static final Setting<Integer> KAFKA_EXPORTER_PORT =
      DEF.definePort(
          "lab.prometheus.kafkaExporterPort",
          "LAB_PROMETHEUS_KAFKA_EXPORTER_PORT",
          "9404",
          "Port of the local broker's Prometheus JMX exporter agent (/metrics)");
  public static final Setting<Integer> CASSANDRA_EXPORTER_PORT =
      DEF.definePort(
          "lab.prometheus.cassandraExporterPort",
          "LAB_PROMETHEUS_CASSANDRA_EXPORTER_PORT",
          "9405",
          "Port of the local Cassandra's Prometheus JMX exporter agent (/metrics)");

  private Settings() {}

  private static String keyspace(String text) {
    if (!text.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new IllegalArgumentException("a keyspace must match [a-z][a-z0-9_]{0,47}");
    }
    return text;
  }

  private static String replication(String text) {
    if (!text.matches("\\d+|[^:,\\s]+:\\d+(\\s*,\\s*[^:,\\s]+:\\d+)*")) {
      throw new IllegalArgumentException(
          "must be a factor (e.g. 1) or dc:factor pairs (e.g. dc1:3,dc2:3)");
    }
    return text;
  }
}
