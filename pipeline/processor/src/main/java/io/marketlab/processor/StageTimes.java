package io.marketlab.processor;

import java.util.Locale;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a batch's stages spend their wall time (one INFO line every 10 s): per stage, the wall time
 * from submission to completion against the tasks' own run, deserialization and shuffle-write time,
 * so that waiting (scheduling, other processes) shows apart from work.
 */
final class StageTimes extends SparkListener {

  private static final Logger LOG = LoggerFactory.getLogger(StageTimes.class);

  private long windowStartMs = System.currentTimeMillis();
  private long stages;
  private long tasks;
  private long wallMs;
  private long runMs;
  private long cpuMs;
  private long deserializeMs;
  private long shuffleWriteMs;
  private long gcMs;

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    StageInfo info = event.stageInfo();
    if (info.submissionTime().isEmpty() || info.completionTime().isEmpty()) {
      return;
    }
    stages++;
    tasks += info.numTasks();
    wallMs += (Long) info.completionTime().get() - (Long) info.submissionTime().get();
    TaskMetrics metrics = info.taskMetrics();
    if (metrics != null) {
      runMs += metrics.executorRunTime();
      cpuMs += metrics.executorCpuTime() / 1_000_000;
      deserializeMs += metrics.executorDeserializeTime();
      shuffleWriteMs += metrics.shuffleWriteMetrics().writeTime() / 1_000_000;
      gcMs += metrics.jvmGCTime();
    }
    long now = System.currentTimeMillis();
    if (now - windowStartMs >= ProgressLog.EVERY_MS) {
      LOG.info(
          String.format(
              Locale.ROOT,
              "%d stages (%d tasks) in %.1f s; per stage: wall %d ms, task run %d ms (cpu %d),"
                  + " deserialize %d, shuffle write %d, gc %d",
              stages,
              tasks,
              (now - windowStartMs) / 1000.0,
              wallMs / stages,
              runMs / stages,
              cpuMs / stages,
              deserializeMs / stages,
              shuffleWriteMs / stages,
              gcMs / stages));
      windowStartMs = now;
      stages = tasks = wallMs = runMs = cpuMs = deserializeMs = shuffleWriteMs = gcMs = 0;
    }
  }
}
