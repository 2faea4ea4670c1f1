package io.marketlab.ingest.cli;

import io.marketlab.avro.Trade;
import io.marketlab.config.SettingsDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab consume}: prints the trades topic, one line per trade. */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    defaultValueProvider = SettingsDefaults.class,
    description = "Print trades from Kafka: symbol, price, volume, trade time, conditions, id.")
public final class ConsumeCommand implements Callable<Integer> {

  @Option(
      names = "--bootstrap",
      descriptionKey = "lab.kafka.bootstrap",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  String bootstrap;

  @Option(
      names = "--topic",
      descriptionKey = "lab.topic",
      description = "topic (default: ${DEFAULT-VALUE})")
  String topic;

  @Option(names = "--from-beginning", description = "start at the oldest message, not the newest")
  boolean fromBeginning;

  @Option(names = "--symbol", description = "only this symbol (default: every symbol)")
  String symbol;

  @Option(
      names = "--count",
      defaultValue = "-1",
      description = "stop after N trades (default: run until Ctrl-C)")
  long count;

  @Override
  public Integer call() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // A throwaway group: consuming for a look must not move anyone's committed offsets.
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "lab-consume-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    SpecificDatumReader<Trade> reader = new SpecificDatumReader<>(Trade.class);
    BinaryDecoder decoder = null;
    long printed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Thread main = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    consumer.wakeup();
                    try {
                      main.join(2000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "consume-shutdown"));
      consumer.subscribe(List.of(topic));
      while (count < 0 || printed < count) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          decoder = DecoderFactory.get().binaryDecoder(record.value(), decoder);
          Trade trade;
          try {
            trade = reader.read(null, decoder);
          } catch (IOException e) {
            System.err.println(
                "skipping undecodable record at "
                    + record.topic()
                    + "-"
                    + record.partition()
                    + "@"
                    + record.offset()
                    + ": "
                    + e.getMessage());
            continue;
          }
          if (symbol != null && !symbol.equals(trade.getSymbol())) {
            continue;
          }
          System.out.println(line(trade));
          printed++;
          if (count >= 0 && printed >= count) {
            break;
          }
        }
      }
      return 0;
    } catch (WakeupException stopped) {
      return 0;
    } catch (UncheckedIOException | org.apache.kafka.common.KafkaException e) {
      return CliSupport.fail(e);
    }
  }

  static String line(Trade trade) {
    return String.format(
        "%-18s %14s %14s %s %s %s/%d/%d",
        trade.getSymbol(),
        plain(trade.getPrice()),
        plain(trade.getVolume()),
        Instant.ofEpochMilli(trade.getTradeTsMs()),
        trade.getConditions(),
        trade.getIngestId(),
        trade.getFrameSeq(),
        trade.getIndexInFrame());
  }

  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
