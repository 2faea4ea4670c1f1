package io.marketlab.harness;

import io.marketlab.fixtures.EngineException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * What a stack started, closed in reverse order. Every part is closed even when another one fails
 * to close; the first failure is thrown afterwards with the others suppressed. Safe to close from
 * another thread (a shutdown hook) while parts are still being added: a part added after {@link
 * #closeAll} is closed at once.
 */
final class Closer {

  private record Part(String name, AutoCloseable resource) {}

  private final Deque<Part> parts = new ArrayDeque<>();
  private boolean closed;

  void add(String name, AutoCloseable resource) {
    synchronized (this) {
      if (!closed) {
        parts.push(new Part(name, resource));
        return;
      }
    }
    close(List.of(new Part(name, resource)));
    throw new IllegalStateException("closed while starting: " + name + " stopped again");
  }

  /** Closes one part now, if it was added and is not closed yet. */
  void closeNow(AutoCloseable resource) {
    Part part = null;
    synchronized (this) {
      for (Iterator<Part> iterator = parts.iterator(); iterator.hasNext(); ) {
        Part candidate = iterator.next();
        if (candidate.resource() == resource) {
          iterator.remove();
          part = candidate;
          break;
        }
      }
    }
    if (part != null) {
      close(List.of(part));
    }
  }

  void closeAll() {
    List<Part> reversed;
    synchronized (this) {
      closed = true;
      reversed = new ArrayList<>(parts);
      parts.clear();
    }
    close(reversed);
  }

  private static void close(List<Part> parts) {
    EngineException failure = null;
    for (Part part : parts) {
      try {
        part.resource().close();
      } catch (Exception e) {
        EngineException stopFailed =
            new EngineException("stopping " + part.name() + " failed: " + e.getMessage(), e);
        if (failure == null) {
          failure = stopFailed;
        } else {
          failure.addSuppressed(stopFailed);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
