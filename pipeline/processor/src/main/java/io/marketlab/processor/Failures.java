package io.marketlab.processor;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.connection.FrameTooLongException;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.ProtocolError;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;

/** What a failed Cassandra request means for the row(s) it carried. */
enum Failures {
  /** The store is unreachable, slow or short of replicas: the same request later will work. */
  RETRY,
  /** The store refuses what the request holds (a value the schema cannot take): never retry it. */
  REFUSED,
  /**
   * A server-side failure that may be the row's fault or passing: retry a few times, then refuse.
   */
  SUSPECT,
  /** Anything else (our own bug, a closed session, an interrupt): fail the task. */
  FATAL;

  /** Attempts a {@link #SUSPECT} request gets before it counts as refused. */
  static final int SUSPECT_ATTEMPTS = 3;

  static Failures of(Throwable failure) {
    Throwable cause = driverCause(failure);
    if (cause == null) {
      return failure instanceof IllegalArgumentException ? REFUSED : FATAL;
    }
    if (cause instanceof InvalidQueryException
        || cause instanceof CodecNotFoundException
        || cause instanceof FrameTooLongException) {
      return REFUSED;
    }
    if (cause instanceof ServerError
        || cause instanceof WriteFailureException
        || cause instanceof FunctionFailureException
        || cause instanceof ProtocolError) {
      return SUSPECT;
    }
    if (cause instanceof QueryValidationException) {
      return FATAL; // syntax, authorization: the statement, not the row
    }
    return RETRY;
  }

  /** The first driver exception in the cause chain (futures wrap them), or null. */
  static Throwable driverCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DriverException || cause instanceof CodecNotFoundException) {
        return cause;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** One line for a log: the driver exception's class and message. */
  static String describe(Throwable failure) {
    Throwable cause = driverCause(failure);
    Throwable shown = cause == null ? failure : cause;
    String message = String.valueOf(shown.getMessage());
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    return shown.getClass().getSimpleName() + ": " + message;
  }
}
