package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubMessage;
import java.util.function.Consumer;

/**
 * A {@link FinnhubListener} in front of another that feeds a {@link GapTracker}: every gap a frame
 * closes goes to the sink before the frame itself goes on; {@link #close()} hands over the gaps
 * still open.
 */
final class GapListener implements FinnhubListener {

  private final FinnhubListener next;
  private final GapTracker tracker;
  private final Consumer<FeedGap> sink;

  GapListener(FinnhubListener next, GapTracker tracker, Consumer<FeedGap> sink) {
    this.next = next;
    this.tracker = tracker;
    this.sink = sink;
  }

  @Override
  public void onMessage(ReceivedFrame frame, FinnhubMessage message) {
    for (FeedGap gap : tracker.onFrame(frame, message)) {
      sink.accept(gap);
    }
    next.onMessage(frame, message);
  }

  @Override
  public void onConnected(int connectionNumber) {
    next.onConnected(connectionNumber);
  }

  @Override
  public void onDisconnected(String reason) {
    tracker.onConnectionLost(reason);
    next.onDisconnected(reason);
  }

  @Override
  public void onServerError(ServerError error) {
    next.onServerError(error);
  }

  @Override
  public void onFatal(FinnhubException error) {
    next.onFatal(error);
  }

  /** After the client stopped: the gaps no trade closed go to the sink. */
  void close() {
    for (FeedGap gap : tracker.onClose()) {
      sink.accept(gap);
    }
  }
}
