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
