package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every callback for assertions. */
final class RecordingListener implements FinnhubListener {

  final List<ReceivedFrame> frames = new CopyOnWriteArrayList<>();
  final List<FinnhubMessage> messages = new CopyOnWriteArrayList<>();
  final List<ServerError> serverErrors = new CopyOnWriteArrayList<>();
  final List<Integer> connected = new CopyOnWriteArrayList<>();
  final List<String> disconnected = new CopyOnWriteArrayList<>();
  final List<FinnhubException> fatal = new CopyOnWriteArrayList<>();

  /**
   * How many frames had arrived at each disconnect. A connection's frames reach the listener before
   * its loss, and the next connection opens only after it, so this splits frames per connection.
   */
  final List<Integer> framesAtDisconnect = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(ReceivedFrame frame, FinnhubMessage message) {
    frames.add(frame);
    messages.add(message);
  }

  @Override
  public void onConnected(int connectionNumber) {
    connected.add(connectionNumber);
  }

  @Override
  public void onDisconnected(String reason) {
    framesAtDisconnect.add(frames.size());
    disconnected.add(reason);
  }

  @Override
  public void onServerError(ServerError error) {
    serverErrors.add(error);
  }

  @Override
  public void onFatal(FinnhubException error) {
    fatal.add(error);
  }
}
