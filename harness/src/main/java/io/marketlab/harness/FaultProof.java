package io.marketlab.harness;

import java.time.Duration;
import java.time.Instant;

/**
 * What a fault action did, checked: a kill names the pid it hit and that the pid is gone; a start
 * names the new pid and that it is healthy.
 *
 * @param pid the process killed, or the one started
 * @param at when the action acted (the signal was sent, the start began)
 * @param took signal → pid gone, or start → healthy
 * @param outcome one line, e.g. {@code SIGKILL to cassandra pid 4242; gone after 31 ms}
 */
public record FaultProof(long pid, Instant at, Duration took, String outcome) {}
