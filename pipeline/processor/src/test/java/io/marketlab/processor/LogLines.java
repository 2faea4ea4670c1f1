package io.marketlab.processor;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what one class logs (through Log4j 2, the binding Spark brings), for tests that count
 * log lines: "one WARN per outage" is a contract operators rely on.
 */
final class LogLines extends AbstractAppender implements AutoCloseable {

  /** One collected line: its level and its formatted message. */
  record Line(Level level, String message) {}

  private final Logger logger;
  private final List<Line> lines = new ArrayList<>();

  private LogLines(Class<?> source) {
    super("test-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
    this.logger = (Logger) LogManager.getLogger(source);
  }

  /** Starts collecting the lines {@code source}'s logger writes. */
  static LogLines of(Class<?> source) {
    LogLines appender = new LogLines(source);
    appender.start();
    appender.logger.addAppender(appender);
    return appender;
  }

  @Override
  public synchronized void append(LogEvent event) {
    lines.add(new Line(event.getLevel(), event.getMessage().getFormattedMessage()));
  }

  synchronized List<Line> lines() {
    return List.copyOf(lines);
  }

  synchronized List<String> at(Level level) {
    List<String> messages = new ArrayList<>();
    for (Line line : lines) {
      if (line.level() == level) {
        messages.add(line.message());
      }
    }
    return messages;
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    stop();
  }
}
