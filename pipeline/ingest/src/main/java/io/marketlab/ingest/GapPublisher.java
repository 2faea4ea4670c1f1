package io.marketlab.ingest;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends gap records to {@code TOPIC.gaps} (docs/CONTRACTS.md, Gaps) on a thread of its own, so the
 * receive thread that notices a gap never waits on Kafka. Not journaled: a gap noticed while Kafka
 * stays away longer than the producer's delivery timeout is logged and counted as lost (a known
 * limit; trades go through the journal and are never lost that way).
 */
final class GapPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GapPublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final ExecutorService sender;
  private final AtomicLong lost = new AtomicLong();
  private final IngestMetrics metrics;

  GapPublisher(Producer<byte[], byte[]> producer, String tradesTopic) {
    this(producer, tradesTopic, new IngestMetrics());
  }

  /** Counting each gap Kafka acknowledged, and each lost, in {@code metrics}. */
  GapPublisher(Producer<byte[], byte[]> producer, String tradesTopic, IngestMetrics metrics) {
    this.producer = producer;
    this.metrics = metrics;
    this.topic = io.marketlab.model.GapSchema.topicFor(tradesTopic);
    this.sender =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ingest-gaps");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Queues one gap for sending; returns at once. */
  void publish(FeedGap gap) {
    LOG.info(
        "gap {} ({}): trade time {} .. {}",
        gap.symbol(),
        gap.reason(),
        gap.fromTradeMs() == null ? "start" : java.time.Instant.ofEpochMilli(gap.fromTradeMs()),
        gap.toTradeMs() == null ? "close" : java.time.Instant.ofEpochMilli(gap.toTradeMs()));
    try {
      sender.execute(() -> send(gap));
    } catch (RejectedExecutionException e) {
      lost(gap, "the ingest is closing");
    }
  }

  private void send(FeedGap gap) {
    try {
      producer.send(
          GapRecords.record(topic, gap),
          (metadata, error) -> {
            if (error != null) {
              lost(gap, error.toString());
            } else {
              metrics.gapRecorded(gap.category());
            }
          });
    } catch (KafkaException e) {
      lost(gap, e.toString());
    }
  }

  private void lost(FeedGap gap, String why) {
    lost.incrementAndGet();
    metrics.gapLost();
    LOG.error("gap {} ({}) not sent to {}: {}", gap.symbol(), gap.category(), topic, why);
  }

  /** Gaps that could not be sent. */
  long lost() {
    return lost.get();
  }

  /** Sends what is queued (waiting at most {@code wait}), flushes and closes the producer. */
  void close(Duration wait) {
    sender.shutdown();
    try {
      sender.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      LOG.error("flushing gaps to {} failed: {}", topic, e.toString());
    }
    producer.close(wait);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
