package io.marketlab.ingest;

import io.marketlab.avro.Trade;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.Rejected;
import io.marketlab.model.finnhub.TradeTick;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns parsed Finnhub frames into Kafka records: one Avro {@link Trade} per valid trade on the
 * trades topic (key = symbol), and the raw frame on the dead-letter topic for anything unusable,
 * with a {@code reason} header (CONTRACTS.md). Pings and error frames are only counted.
 *
 * <p>Failed sends are logged with the trade's identity and counted, never dropped in silence;
 * {@link #close()} flushes what is buffered.
 */
final class TradeProducer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TradeProducer.class);

  static final String HEADER_REASON = "reason";
  static final String HEADER_INGEST_ID = "ingest_id";
  static final String HEADER_FRAME_SEQ = "frame_seq";
  static final String HEADER_INDEX_IN_FRAME = "index_in_frame";

  private final Producer<byte[], byte[]> producer;
  private final TradeProducerConfig config;
  private final IngestMetrics metrics;
  private final MicrosClock clock;
  private final SpecificDatumWriter<Trade> writer = new SpecificDatumWriter<>(Trade.class);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;

  TradeProducer(
      Producer<byte[], byte[]> producer,
      TradeProducerConfig config,
      IngestMetrics metrics,
      MicrosClock clock) {
    this.producer = producer;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * A producer connected to {@code config.bootstrapServers()} with the settings of {@link
   * #kafkaProperties}.
   */
  static TradeProducer connect(TradeProducerConfig config, IngestMetrics metrics) {
    Producer<byte[], byte[]> kafka =
        new KafkaProducer<>(
            kafkaProperties(config), new ByteArraySerializer(), new ByteArraySerializer());
    return new TradeProducer(kafka, config, metrics, MicrosClock.system());
  }

  /**
   * Idempotent, fully acknowledged, ordered per partition: a retry never duplicates or reorders a
   * trade, and up to 5 in-flight requests keep that guarantee with idempotence on.
   */
  static Properties kafkaProperties(TradeProducerConfig config) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(config.lingerMs()));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, config.ingestId());
    return props;
  }

  TradeProducerConfig config() {
    return config;
  }

  /** Sends what one frame carries; called in frame order (from the client's receive thread). */
  synchronized void publish(ReceivedFrame frame, FinnhubMessage message) {
    metrics.frame();
    if (message instanceof FinnhubMessage.Trades trades) {
      publishTrades(frame, trades);
    } else if (message instanceof FinnhubMessage.Ping) {
      metrics.ping();
    } else if (message instanceof FinnhubMessage.ErrorMessage) {
      // The client already logged and classified it; it carries no data to keep.
      metrics.serverError();
    } else if (message instanceof FinnhubMessage.Unknown unknown) {
      deadLetter(frame, -1, "unknown-type", "type '" + unknown.type() + "' is not handled");
    } else if (message instanceof FinnhubMessage.Malformed malformed) {
      deadLetter(frame, -1, "malformed", malformed.reason());
    }
  }

  /** Sends a gap to the gaps topic {@code TOPIC.gaps} (docs/CONTRACTS.md, Gaps). */
  synchronized void publishGap(FeedGap gap) {
    LOG.info(
        "gap {} ({}): trade time {} .. {}",
        gap.symbol(),
        gap.reason(),
        gap.fromTradeMs() == null ? "start" : java.time.Instant.ofEpochMilli(gap.fromTradeMs()),
        gap.toTradeMs() == null ? "close" : java.time.Instant.ofEpochMilli(gap.toTradeMs()));
    String topic = io.marketlab.model.GapSchema.topicFor(config.topic());
    send(GapRecords.record(topic, gap), -1, "gap " + gap.symbol() + " " + gap.category());
  }

  private void publishTrades(ReceivedFrame frame, FinnhubMessage.Trades trades) {
    // valid and rejected are each in data order; merge them back so indexes stay the frame's own.
    List<TradeTick> valid = trades.valid();
    List<Rejected> rejected = trades.rejected();
    int validIndex = 0;
    int rejectedIndex = 0;
    int total = valid.size() + rejected.size();
    for (int index = 0; index < total; index++) {
      if (rejectedIndex < rejected.size() && rejected.get(rejectedIndex).index() == index) {
        deadLetter(frame, index, "rejected", rejected.get(rejectedIndex).reason());
        rejectedIndex++;
      } else if (validIndex < valid.size()) {
        sendTrade(frame, index, valid.get(validIndex));
        validIndex++;
      }
    }
  }

  private void sendTrade(ReceivedFrame frame, int index, TradeTick tick) {
    Trade trade =
        Trade.newBuilder()
            .setSymbol(tick.symbol())
            .setPrice(tick.price())
            .setVolume(tick.volume())
            .setTradeTsMs(tick.timeMs())
            .setConditions(new ArrayList<>(tick.conditions()))
            .setReceivedAtUs(frame.receivedAtMicros())
            .setIngestId(config.ingestId())
            .setFrameSeq(frame.seq())
            .setIndexInFrame(index)
            .build();
    metrics.trade(tick.isPriceUpdate());
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            config.topic(), tick.symbol().getBytes(StandardCharsets.UTF_8), encode(trade));
    String context = "trade " + tick.symbol() + " frame_seq=" + frame.seq() + " index=" + index;
    send(record, frame.receivedAtMicros(), context);
  }

  /**
   * Dead letters keep at most this much of the frame (below Kafka's 1 MiB default message limit).
   */
  static final int MAX_DEAD_LETTER_BYTES = 256 * 1024;

  /**
   * Header set when a dead letter holds only the first {@link #MAX_DEAD_LETTER_BYTES} of its frame.
   */
  static final String HEADER_TRUNCATED_FROM = "truncated_from_bytes";

  private void deadLetter(ReceivedFrame frame, int index, String category, String detail) {
    String reason = category + ": " + detail;
    LOG.warn("dead letter (frame_seq={}, index={}): {}", frame.seq(), index, reason);
    metrics.deadLetter(category);
    byte[] raw = frame.text().getBytes(StandardCharsets.UTF_8);
    byte[] value = raw;
    if (raw.length > MAX_DEAD_LETTER_BYTES) {
      // An oversized frame would exceed the broker's message limit and be lost: keep its head.
      value = java.util.Arrays.copyOf(raw, MAX_DEAD_LETTER_BYTES);
    }
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.dlqTopic(), null, value);
    if (value != raw) {
      record.headers().add(header(HEADER_TRUNCATED_FROM, Integer.toString(raw.length)));
    }
    record.headers().add(header(HEADER_REASON, reason));
    record.headers().add(header(HEADER_INGEST_ID, config.ingestId()));
    record.headers().add(header(HEADER_FRAME_SEQ, Long.toString(frame.seq())));
    record.headers().add(header(HEADER_INDEX_IN_FRAME, Integer.toString(index)));
    send(record, -1, "dead letter frame_seq=" + frame.seq() + " index=" + index);
  }

  private void send(ProducerRecord<byte[], byte[]> record, long receivedAtMicros, String context) {
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              metrics.sendFailure();
              LOG.error("send to {} failed for {}: {}", record.topic(), context, error.toString());
            } else if (receivedAtMicros >= 0) {
              metrics.acked(clock.nowMicros() - receivedAtMicros);
            }
          });
    } catch (KafkaException e) {
      metrics.sendFailure();
      LOG.error("send to {} failed for {}: {}", record.topic(), context, e.toString());
    }
  }

  private byte[] encode(Trade trade) {
    buffer.reset();
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      writer.write(trade, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode trade " + trade, e);
    }
    return buffer.toByteArray();
  }

  private static RecordHeader header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  void flush() {
    producer.flush();
  }

  /** Flushes buffered records (so none is lost) and closes the Kafka producer. */
  @Override
  public void close() {
    try {
      producer.flush();
    } catch (KafkaException e) {
      LOG.error("flush before close failed; buffered records may be lost: {}", e.toString());
    }
    producer.close();
  }
}
