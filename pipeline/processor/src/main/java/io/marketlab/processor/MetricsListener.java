package io.marketlab.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Turns each query's progress into metrics: batches, records, batch duration, state rows, and the
 * lag behind Kafka (for each source: its latest offsets minus the offsets the batch read up to).
 */
final class MetricsListener extends StreamingQueryListener {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    String query = progress.name() == null ? String.valueOf(progress.id()) : progress.name();
    ProcessorMetrics.BATCHES.labelValues(query).inc();
    ProcessorMetrics.RECORDS.labelValues(query).inc(Math.max(0, progress.numInputRows()));
    Long trigger = progress.durationMs().get("triggerExecution");
    if (trigger != null) {
      ProcessorMetrics.BATCH_DURATION.labelValues(query).observe(trigger / 1000.0);
    }
    long stateRows = 0;
    for (StateOperatorProgress state : progress.stateOperators()) {
      stateRows += state.numRowsTotal();
    }
    ProcessorMetrics.STATE_ROWS.labelValues(query).set(stateRows);
    long lag = -1;
    for (SourceProgress source : progress.sources()) {
      long behind = behind(source.latestOffset(), source.endOffset());
      if (behind >= 0) {
        lag = Math.max(0, lag) + behind;
      }
    }
    if (lag >= 0) {
      ProcessorMetrics.LAG.labelValues(query).set(lag);
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /**
   * Records between two Kafka offset JSONs ({@code {"topic":{"0":12,"1":40}}}): Σ latest − end over
   * the partitions of both; -1 when either is missing or not Kafka's.
   */
  static long behind(String latestJson, String endJson) {
    if (latestJson == null || endJson == null) {
      return -1;
    }
    try {
      JsonNode latest = JSON.readTree(latestJson);
      JsonNode end = JSON.readTree(endJson);
      if (!latest.isObject() || !end.isObject()) {
        return -1;
      }
      long total = 0;
      for (Iterator<Map.Entry<String, JsonNode>> topics = latest.fields(); topics.hasNext(); ) {
        Map.Entry<String, JsonNode> topic = topics.next();
        JsonNode read = end.path(topic.getKey());
        for (Iterator<Map.Entry<String, JsonNode>> parts = topic.getValue().fields();
            parts.hasNext(); ) {
          Map.Entry<String, JsonNode> part = parts.next();
          JsonNode at = read.path(part.getKey());
          if (part.getValue().canConvertToLong() && at.canConvertToLong()) {
            total += Math.max(0, part.getValue().asLong() - at.asLong());
          }
        }
      }
      return total;
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
