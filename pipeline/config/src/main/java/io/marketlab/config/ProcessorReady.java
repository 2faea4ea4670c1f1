package io.marketlab.config;

/**
 * The processor's ready line: it logs it once its query has run a first trigger; the lab waits for
 * it.
 */
public final class ProcessorReady {

  /** The start of the processor's ready log line. */
  public static final String MARKER = "processor ready:";

  private ProcessorReady() {}
}
