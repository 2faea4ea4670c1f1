package io.marketlab.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a real {@code /metrics} endpoint over HTTP, read as Prometheus's text format: each
 * sample line {@code name{labels} value} becomes an entry {@code name{labels}} → value.
 */
public final class Scrape {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Map<String, Double> samples;
  private final String text;

  private Scrape(String text) {
    this.text = text;
    Map<String, Double> parsed = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      parsed.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    this.samples = parsed;
  }

  /** GET {@code url}; fails unless it answers 200. */
  public static Scrape of(String url) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
      return new Scrape(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The sample {@code series} (e.g. {@code x_total} or {@code x_total{reason="malformed"}}). */
  public double value(String series) {
    Double value = samples.get(series);
    if (value == null) {
      throw new AssertionError("no sample " + series + " in:\n" + text);
    }
    return value;
  }

  /** The sample as a whole number (counters and gauges of counts). */
  public long count(String series) {
    return (long) value(series);
  }

  public boolean has(String series) {
    return samples.containsKey(series);
  }

  public String text() {
    return text;
  }
}
