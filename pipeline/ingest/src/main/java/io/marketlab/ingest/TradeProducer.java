package io.marketlab.ingest;

import io.marketlab.avro.Trade;
import io.marketlab.ingest.journal.Journal;
import io.marketlab.ingest.journal.JournalEntry;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.Rejected;
import io.marketlab.model.finnhub.TradeTick;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Turns a journaled frame into its Kafka records (CONTRACTS.md): one Avro {@link Trade} per valid
 * trade on the trades topic (key = symbol), and for anything unusable <b>one</b> dead letter per
 * frame on the dead-letter topic: the raw frame (its head when large) with a {@code reason} header
 * of at most {@link #MAX_REASON_BYTES} listing every rejected trade's reason ({@code ... and N
 * more} past the cap) and the rejected indexes in {@code rejected_indexes}, so that the whole
 * record stays far below the broker's 1 MiB limit. Pings and error frames make no record.
 *
 * <p>Pure: the same entry and ingest id always give the same records, which is what lets a resend
 * from the journal carry the same identities.
 */
final class TradeProducer {

  static final String HEADER_REASON = "reason";
  static final String HEADER_INGEST_ID = "ingest_id";
  static final String HEADER_FRAME_SEQ = "frame_seq";
  static final String HEADER_INDEX_IN_FRAME = "index_in_frame";
  static final String HEADER_REJECTED_INDEXES = "rejected_indexes";
  static final String HEADER_REJECTED_COUNT = "rejected_count";

  /** Header set when a dead letter holds only the first {@link #MAX_DEAD_LETTER_BYTES}. */
  static final String HEADER_TRUNCATED_FROM = "truncated_from_bytes";

  /** Dead letters keep at most this much of the frame. */
  static final int MAX_DEAD_LETTER_BYTES = Journal.CUT_FRAME_BYTES;

  /** The {@code reason} header's cap, in UTF-8 bytes. */
  static final int MAX_REASON_BYTES = 4096;

  /** The {@code rejected_indexes} header's cap, in bytes. */
  static final int MAX_INDEXES_BYTES = 64 * 1024;

  /** One rejected trade's reason is cut to this many chars inside the reason header. */
  private static final int MAX_ONE_REASON_CHARS = 200;

  private final TradeProducerConfig config;
  private final String ingestId;
  private final SpecificDatumWriter<Trade> writer = new SpecificDatumWriter<>(Trade.class);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;

  private final FinnhubCodec codec;

  TradeProducer(TradeProducerConfig config, String ingestId) {
    this(config, ingestId, java.time.Duration.ofMillis(FinnhubCodec.DEFAULT_FUTURE_SKEW_MS));
  }

  /**
   * @param futureSkew how far after its frame's receipt a trade may be stamped: the same rule the
   *     client applied when the frame arrived, applied again (against the same receipt, kept in the
   *     journal) when the frame is turned into records, however much later that is
   */
  TradeProducer(TradeProducerConfig config, String ingestId, java.time.Duration futureSkew) {
    this.config = config;
    this.ingestId = ingestId;
    this.codec = new FinnhubCodec(FinnhubCodec.Config.DEFAULT.withFutureSkew(futureSkew));
  }

  /**
   * Idempotent, fully acknowledged, ordered per partition: a retry inside the producer never
   * duplicates or reorders a trade, and up to 5 in-flight requests keep that guarantee.
   */
  static Properties kafkaProperties(TradeProducerConfig config, String ingestId) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(config.lingerMs()));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, ingestId);
    return props;
  }

  TradeProducerConfig config() {
    return config;
  }

  String ingestId() {
    return ingestId;
  }

  /** The records of one frame. */
  FrameRecords records(JournalEntry entry) {
    if (entry.cut()) {
      return wholeFrameLetter(
          entry,
          "malformed",
          "frame too large: "
              + entry.frameBytes()
              + " bytes, more than the limit of "
              + Journal.MAX_FRAME_BYTES
              + " bytes");
    }
    FinnhubMessage message = codec.decode(entry.text(), entry::receiptMillisForChecks);
    if (message instanceof FinnhubMessage.Trades trades) {
      return tradeRecords(entry, trades);
    }
    if (message instanceof FinnhubMessage.Unknown unknown) {
      return wholeFrameLetter(
          entry, "unknown-type", "type '" + unknown.type() + "' is not handled");
    }
    if (message instanceof FinnhubMessage.Malformed malformed) {
      return wholeFrameLetter(entry, "malformed", malformed.reason());
    }
    // Pings and error frames: the receive side counted them; they carry no data to keep.
    return FrameRecords.none(entry);
  }

  private FrameRecords tradeRecords(JournalEntry entry, FinnhubMessage.Trades trades) {
    // valid and rejected are each in data order; merge them back so indexes stay the frame's own.
    List<TradeTick> valid = trades.valid();
    List<Rejected> rejected = trades.rejected();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(valid.size());
    List<Integer> indexes = new ArrayList<>(valid.size());
    int validIndex = 0;
    int rejectedIndex = 0;
    int total = valid.size() + rejected.size();
    for (int index = 0; index < total; index++) {
      if (rejectedIndex < rejected.size() && rejected.get(rejectedIndex).index() == index) {
        rejectedIndex++;
      } else if (validIndex < valid.size()) {
        records.add(tradeRecord(entry, index, valid.get(validIndex)));
        indexes.add(index);
        validIndex++;
      }
    }
    if (rejected.isEmpty()) {
      return new FrameRecords(entry, records, indexes, null, null, 0);
    }
    ProducerRecord<byte[], byte[]> letter =
        deadLetter(entry, rejected.get(0).index(), "rejected: " + reasons(rejected));
    letter.headers().add(header(HEADER_REJECTED_COUNT, Integer.toString(rejected.size())));
    letter.headers().add(header(HEADER_REJECTED_INDEXES, indexList(rejected)));
    return new FrameRecords(entry, records, indexes, letter, "rejected", rejected.size());
  }

  private ProducerRecord<byte[], byte[]> tradeRecord(
      JournalEntry entry, int index, TradeTick tick) {
    Trade trade =
        Trade.newBuilder()
            .setSymbol(tick.symbol())
            .setPrice(tick.price())
            .setVolume(tick.volume())
            .setTradeTsMs(tick.timeMs())
            .setConditions(new ArrayList<>(tick.conditions()))
            .setReceivedAtUs(entry.receivedAtMicros())
            .setIngestId(ingestId)
            .setFrameSeq(entry.seq())
            .setIndexInFrame(index)
            .build();
    return new ProducerRecord<>(
        config.topic(), tick.symbol().getBytes(StandardCharsets.UTF_8), encode(trade));
  }

  private FrameRecords wholeFrameLetter(JournalEntry entry, String category, String detail) {
    ProducerRecord<byte[], byte[]> letter =
        deadLetter(entry, -1, capped(category + ": " + detail, MAX_REASON_BYTES));
    return new FrameRecords(entry, List.of(), List.of(), letter, category, 0);
  }

  private ProducerRecord<byte[], byte[]> deadLetter(JournalEntry entry, int index, String reason) {
    byte[] raw = entry.text().getBytes(StandardCharsets.UTF_8);
    byte[] value = raw.length > MAX_DEAD_LETTER_BYTES ? cutUtf8(raw, MAX_DEAD_LETTER_BYTES) : raw;
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.dlqTopic(), null, value);
    if (value.length < entry.frameBytes()) {
      // An oversized frame would exceed the broker's message limit and be lost: keep its head.
      record.headers().add(header(HEADER_TRUNCATED_FROM, Integer.toString(entry.frameBytes())));
    }
    record.headers().add(header(HEADER_REASON, reason));
    record.headers().add(header(HEADER_INGEST_ID, ingestId));
    record.headers().add(header(HEADER_FRAME_SEQ, Long.toString(entry.seq())));
    record.headers().add(header(HEADER_INDEX_IN_FRAME, Integer.toString(index)));
    return record;
  }

  /** {@code [1] p: not in (0, 1e9); [4] missing t; ... and 7 more}, at most the reason cap. */
  static String reasons(List<Rejected> rejected) {
    StringBuilder text = new StringBuilder();
    // "rejected: " is prefixed by the caller; keep room for it and for the "... and N more" tail.
    int budget = MAX_REASON_BYTES - "rejected: ".length() - "; ... and 9999999 more".length();
    int used = 0;
    for (int i = 0; i < rejected.size(); i++) {
      Rejected one = rejected.get(i);
      String reason = one.reason();
      if (reason.length() > MAX_ONE_REASON_CHARS) {
        reason = reason.substring(0, MAX_ONE_REASON_CHARS) + "…";
      }
      String item = (i == 0 ? "" : "; ") + "[" + one.index() + "] " + reason;
      int bytes = item.getBytes(StandardCharsets.UTF_8).length;
      if (used + bytes > budget) {
        text.append("; ... and ").append(rejected.size() - i).append(" more");
        return text.toString();
      }
      text.append(item);
      used += bytes;
    }
    return text.toString();
  }

  /** {@code 1,4,9}, at most {@link #MAX_INDEXES_BYTES} ({@code ,... and N more} past it). */
  static String indexList(List<Rejected> rejected) {
    StringBuilder text = new StringBuilder();
    int budget = MAX_INDEXES_BYTES - ",... and 9999999 more".length();
    for (int i = 0; i < rejected.size(); i++) {
      String item = (i == 0 ? "" : ",") + rejected.get(i).index();
      if (text.length() + item.length() > budget) {
        text.append(",... and ").append(rejected.size() - i).append(" more");
        return text.toString();
      }
      text.append(item);
    }
    return text.toString();
  }

  /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes (whole chars) with a marker. */
  static String capped(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    String marker = " ... (cut)";
    return new String(cutUtf8(bytes, maxBytes - marker.length()), StandardCharsets.UTF_8) + marker;
  }

  /** The first at most {@code max} bytes of UTF-8 {@code bytes}, not splitting a character. */
  static byte[] cutUtf8(byte[] bytes, int max) {
    int end = Math.min(max, bytes.length);
    // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
    while (end > 0 && end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return Arrays.copyOf(bytes, end);
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
}
