package io.marketlab.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline page's JSON API (what Kafdrop gave the seed), over Kafka, the processor's files and
 * the store:
 *
 * <pre>
 * GET /api/pipeline/topics?topic=                       the lab's topics: partitions, offsets, lag
 * GET /api/pipeline/messages?topic=&amp;partition=&amp;offset=&amp;limit=&amp;order=   decoded trades, gaps
 * GET /api/pipeline/dead-letters?topic=&amp;partition=&amp;offset=&amp;limit=&amp;order=
 * GET /api/pipeline/summary                             rates, latency, each engine's health
 * </pre>
 *
 * {@code topic} names a trades topic (default: the configured one; its gaps are {@code TOPIC.gaps},
 * its dead letters {@code TOPIC.dlq}) or, for messages, one of those. Kafka away is HTTP 503, a
 * topic asked for that does not exist HTTP 404 naming it, bad parameters HTTP 400.
 */
final class PipelineApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineApi.class);

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  /** What the pipeline API says when the dashboard was given no Kafka. */
  static final String OFF =
      "the pipeline page is off: this dashboard was started without Kafka"
          + " (lab dashboard --kafka HOST:PORT)";

  private final PipelineConfig config;
  private final MarketStore store;
  private final int latencySample;
  private final Clock clock;
  private final KafkaPipeline kafka;
  private final ProcessorView processor;
  private final RateMeter inRate = new RateMeter();
  private final RateMeter processedRate = new RateMeter();
  private final HttpClient http;

  PipelineApi(
      PipelineConfig config, MarketStore store, int latencySample, Clock clock, ObjectMapper json) {
    this.config = config;
    this.store = store;
    this.latencySample = latencySample;
    this.clock = clock;
    this.kafka =
        config.enabled() ? new KafkaPipeline(config.bootstrap(), config.kafkaTimeout()) : null;
    this.processor = new ProcessorView(config.checkpoint(), config.statusPath(), json);
    this.http =
        config.prometheusUrl().isEmpty()
            ? null
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  void routes(Javalin app) {
    app.get("/api/pipeline/topics", this::topics);
    app.get("/api/pipeline/messages", this::messages);
    app.get("/api/pipeline/dead-letters", this::deadLetters);
    app.get("/api/pipeline/summary", this::summary);
  }

  private KafkaPipeline kafka() {
    if (kafka == null) {
      throw new UnavailableException(OFF);
    }
    return kafka;
  }

  // ---- topics ------------------------------------------------------------------------------

  private void topics(Context ctx) {
    String asked = ApiParameters.topic(ctx);
    LabTopics topics = config.topics(asked);
    Map<String, List<KafkaPipeline.PartitionOffsets>> offsets = kafka().offsets(topics.names());
    if (asked != null && !offsets.containsKey(asked)) {
      throw KafkaPipeline.unknownTopic(asked);
    }
    List<Map<String, Object>> views = new ArrayList<>();
    long messages = 0;
    boolean anyMissing = false;
    for (String name : topics.names()) {
      LabTopics.Role role = topics.roleOf(name);
      List<KafkaPipeline.PartitionOffsets> partitions = offsets.get(name);
      anyMissing |= partitions == null;
      Map<String, Object> view = topicView(name, role, partitions);
      if (partitions != null) {
        messages += (long) view.get("messages");
      }
      views.add(view);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", topicsState(offsets.containsKey(topics.trades()), messages, anyMissing));
    body.put("checkpoint", processor.knowsCheckpoint());
    body.put("topics", views);
    body.put("time", clock.instant().toString());
    ctx.json(body);
  }

  /** {@code no-topics}, {@code no-data} (topics exist, all empty) or {@code ok}. */
  static String topicsState(boolean tradesExists, long messages, boolean anyMissing) {
    if (!tradesExists) {
      return "no-topics";
    }
    return messages == 0 ? "no-data" : "ok";
  }

  private Map<String, Object> topicView(
      String name, LabTopics.Role role, List<KafkaPipeline.PartitionOffsets> partitions) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", name);
    view.put("role", role.label);
    view.put("exists", partitions != null);
    if (partitions == null) {
      view.put("note", "does not exist yet (the lab creates it when a run starts)");
      return view;
    }
    List<ProcessorView.Consumer> consumers = processor.consumers(role, name);
    List<Map<String, Object>> partitionViews = new ArrayList<>();
    long start = 0;
    long end = 0;
    for (KafkaPipeline.PartitionOffsets partition : partitions) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("partition", partition.partition());
      p.put("startOffset", partition.start());
      p.put("endOffset", partition.end());
      p.put("messages", partition.end() - partition.start());
      if (!consumers.isEmpty()) {
        Long committed = consumers.get(0).committed().get(partition.partition());
        p.put("committedOffset", committed);
        p.put("lag", lag(partition, committed));
      }
      partitionViews.add(p);
      start += partition.start();
      end += partition.end();
    }
    view.put("partitions", partitions.size());
    view.put("startOffset", start);
    view.put("endOffset", end);
    view.put("messages", end - start);
    List<Map<String, Object>> consumerViews = new ArrayList<>();
    for (ProcessorView.Consumer consumer : consumers) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("query", consumer.query());
      c.put("note", consumer.note());
      long lag = 0;
      long committedSum = 0;
      for (KafkaPipeline.PartitionOffsets partition : partitions) {
        Long committed = consumer.committed().get(partition.partition());
        committedSum += committed == null ? partition.start() : committed;
        lag += lag(partition, committed);
      }
      c.put("committedOffset", consumer.committed().isEmpty() ? null : committedSum);
      c.put("lag", lag);
      consumerViews.add(c);
    }
    // The topic's lag is its first consumer's (the one whose progress the harness waits on).
    view.put("lag", consumerViews.isEmpty() ? null : consumerViews.get(0).get("lag"));
    view.put(
        "consumedBy",
        consumerViews.isEmpty()
            ? (role == LabTopics.Role.DEAD_LETTERS
                ? "nobody: the processor does not read dead letters"
                : "unknown: no processor checkpoint given")
            : "the processor");
    view.put("consumers", consumerViews);
    view.put("partitionOffsets", partitionViews);
    return view;
  }

  /**
   * Records behind the committed offset: {@code end - committed}; nothing committed yet counts from
   * the start (what the processor must still read, as far as Kafka still holds it).
   */
  static long lag(KafkaPipeline.PartitionOffsets partition, Long committed) {
    long from = committed == null ? partition.start() : Math.max(committed, partition.start());
    return Math.max(0, partition.end() - from);
  }

  // ---- messages and dead letters -----------------------------------------------------------

  private void messages(Context ctx) {
    String asked = ApiParameters.topic(ctx);
    LabTopics configured = config.topics(null);
    String topic = asked == null ? configured.trades() : asked;
    LabTopics.Role role = roleOf(topic, configured);
    if (role == LabTopics.Role.DEAD_LETTERS) {
      throw new BadRequestException(
          "topic",
          "topic '" + topic + "' holds dead letters (raw frames): ask /api/pipeline/dead-letters");
    }
    page(ctx, topic, role);
  }

  private void deadLetters(Context ctx) {
    String asked = ApiParameters.topic(ctx);
    String topic =
        asked == null
            ? config.topics(null).deadLetters()
            : asked.endsWith(".dlq") ? asked : config.topics(asked).deadLetters();
    page(ctx, topic, LabTopics.Role.DEAD_LETTERS);
  }

  /** A configured topic's role, else by name: {@code X.gaps}, {@code X.dlq}, else trades. */
  static LabTopics.Role roleOf(String topic, LabTopics configured) {
    LabTopics.Role role = configured.roleOf(topic);
    if (role != null) {
      return role;
    }
    if (topic.endsWith(io.marketlab.model.GapSchema.TOPIC_SUFFIX)) {
      return LabTopics.Role.GAPS;
    }
    return topic.endsWith(".dlq") ? LabTopics.Role.DEAD_LETTERS : LabTopics.Role.TRADES;
  }

  private void page(Context ctx, String topic, LabTopics.Role role) {
    Long partitionAsked = ApiParameters.whole(ctx, "partition", 0, Integer.MAX_VALUE);
    Long offset = ApiParameters.whole(ctx, "offset", 0, Long.MAX_VALUE);
    int limit = ApiParameters.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    boolean newestFirst = ApiParameters.newestFirst(ctx);
    if (offset != null && partitionAsked == null) {
      throw new BadRequestException(
          "offset", "parameter 'offset' needs 'partition': offsets are per partition");
    }
    List<KafkaPipeline.PartitionOffsets> partitions = kafka().offsets(topic);
    List<KafkaPipeline.PartitionOffsets> read = new ArrayList<>();
    if (partitionAsked == null) {
      read.addAll(partitions);
    } else {
      for (KafkaPipeline.PartitionOffsets partition : partitions) {
        if (partition.partition() == partitionAsked) {
          read.add(partition);
        }
      }
      if (read.isEmpty()) {
        throw new BadRequestException(
            "partition",
            "parameter 'partition': topic '"
                + topic
                + "' has partitions 0.."
                + (partitions.size() - 1)
                + ", got "
                + partitionAsked);
      }
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    Map<String, Object> next = null;
    for (KafkaPipeline.PartitionOffsets partition : read) {
      MessageWindow window =
          newestFirst
              ? MessageWindow.newestFirst(partition.start(), partition.end(), offset, limit)
              : MessageWindow.oldestFirst(partition.start(), partition.end(), offset, limit);
      for (ConsumerRecord<byte[], byte[]> record :
          kafka().read(topic, partition.partition(), window.from(), window.to())) {
        messages.add(view(record, role));
      }
      if (partitionAsked != null && window.next() != null) {
        next = Map.of("partition", partition.partition(), "offset", window.next());
      }
    }
    // Newest first by Kafka time across partitions (offset order within one).
    Comparator<Map<String, Object>> order =
        Comparator.<Map<String, Object>>comparingLong(m -> (long) m.get("timestampMs"))
            .thenComparingLong(m -> (long) m.get("offset"));
    messages.sort(newestFirst ? order.reversed() : order);
    if (messages.size() > limit) {
      messages = new ArrayList<>(messages.subList(0, limit));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topic", topic);
    body.put("role", role.label);
    body.put("order", newestFirst ? "newest" : "oldest");
    body.put("partition", partitionAsked);
    List<Map<String, Object>> partitionViews = new ArrayList<>();
    for (KafkaPipeline.PartitionOffsets partition : partitions) {
      partitionViews.add(
          Map.of(
              "partition", partition.partition(),
              "startOffset", partition.start(),
              "endOffset", partition.end()));
    }
    body.put("partitions", partitionViews);
    body.put("messages", messages);
    body.put("next", next);
    ctx.json(body);
  }

  static Map<String, Object> view(ConsumerRecord<byte[], byte[]> record, LabTopics.Role role) {
    if (role == LabTopics.Role.DEAD_LETTERS) {
      Map<String, Object> letter =
          DeadLetterView.of(
              record.partition(),
              record.offset(),
              record.timestamp(),
              record.headers(),
              record.value());
      letter.put("timestampMs", record.timestamp());
      return letter;
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("partition", record.partition());
    view.put("offset", record.offset());
    view.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
    view.put("timestampMs", record.timestamp());
    view.put("key", record.key() == null ? null : DeadLetterView.head(record.key(), 256));
    view.put("valueBytes", record.value() == null ? 0 : record.value().length);
    try {
      view.put(
          "value",
          role == LabTopics.Role.GAPS
              ? AvroJson.gap(record.value())
              : AvroJson.trade(record.value()));
    } catch (AvroJson.Undecodable e) {
      view.put("error", e.getMessage());
      view.put("valueHex", AvroJson.hexHead(record.value()));
    }
    return view;
  }

  // ---- summary -----------------------------------------------------------------------------

  private void summary(Context ctx) {
    Instant now = clock.instant();
    List<Map<String, Object>> engines = new ArrayList<>();
    Map<String, Object> rates = new LinkedHashMap<>();
    LabTopics topics = config.topics(null);

    // Kafka: trades in (the trades topic's end offsets), processed (the first consumer's offsets).
    if (kafka == null) {
      engines.add(engine("kafka", "down", OFF));
    } else {
      try {
        int brokers = kafka.brokers();
        engines.add(engine("kafka", "up", brokers + (brokers == 1 ? " broker" : " brokers")));
        Map<String, List<KafkaPipeline.PartitionOffsets>> offsets =
            kafka.offsets(List.of(topics.trades()));
        List<KafkaPipeline.PartitionOffsets> partitions = offsets.get(topics.trades());
        if (partitions != null) {
          long end = 0;
          for (KafkaPipeline.PartitionOffsets partition : partitions) {
            end += partition.end();
          }
          rates.put("inPerSecond", inRate.sample(now.toEpochMilli(), end));
          List<ProcessorView.Consumer> consumers =
              processor.consumers(LabTopics.Role.TRADES, topics.trades());
          if (!consumers.isEmpty() && !consumers.get(0).committed().isEmpty()) {
            long committed = 0;
            for (long offset : consumers.get(0).committed().values()) {
              committed += offset;
            }
            rates.put("processedPerSecond", processedRate.sample(now.toEpochMilli(), committed));
          }
        }
      } catch (UnavailableException e) {
        engines.add(engine("kafka", "down", ErrorReport.of(e, "summary: kafka", LOG).message()));
      }
    }

    // Cassandra: the store answers now; stored trades and latency from the newest stored trades.
    LatencySummary latency = null;
    try {
      store.ping();
      engines.add(engine("cassandra", "up", "answers queries"));
      List<StoredTrade> newest = new ArrayList<>();
      for (String symbol : store.symbols()) {
        newest.addAll(store.latestTrades(symbol, latencySample));
      }
      rates.put("storedPerSecond", StoredRate.perSecond(newest, now, StoredRate.WINDOW));
      latency = LatencySummary.ofNewestStored(newest, latencySample);
    } catch (UnavailableException e) {
      engines.add(
          engine("cassandra", "down", ErrorReport.of(e, "summary: cassandra", LOG).message()));
    }

    ProcessorView.Health health = processor.health(now);
    Map<String, Object> processorEngine = engine("processor", health.state(), health.detail());
    if (health.status() != null) {
      processorEngine.put("status", health.status());
    }
    engines.add(processorEngine);

    if (http != null) {
      engines.add(prometheus());
    }

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("rates", rates);
    body.put("latency", latency == null ? null : JsonViews.latency(latency));
    body.put("engines", engines);
    body.put("time", now.toString());
    ctx.json(body);
  }

  private Map<String, Object> prometheus() {
    String url = config.prometheusUrl() + "/-/healthy";
    try {
      HttpResponse<Void> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return answer.statusCode() == 200
          ? engine("prometheus", "up", "healthy")
          : engine("prometheus", "down", "answers HTTP " + answer.statusCode() + " to /-/healthy");
    } catch (java.io.IOException e) {
      LOG.debug("Prometheus at {} did not answer: {}", url, e.toString());
      return engine("prometheus", "down", "does not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return engine("prometheus", "down", "does not answer");
    }
  }

  static Map<String, Object> engine(String name, String state, String detail) {
    Map<String, Object> engine = new LinkedHashMap<>();
    engine.put("name", name);
    engine.put("state", state);
    engine.put("detail", detail);
    return engine;
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
