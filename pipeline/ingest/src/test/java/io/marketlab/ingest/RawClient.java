package io.marketlab.ingest;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A bare websocket client that keeps every text frame, for driving the replay server by hand. */
final class RawClient extends WebSocketClient implements AutoCloseable {

  final List<String> received = new CopyOnWriteArrayList<>();

  /** {@link System#nanoTime()} at the receipt of each frame of {@link #received}, same order. */
  final List<Long> receivedAtNanos = new CopyOnWriteArrayList<>();

  RawClient(String url) {
    super(URI.create(url + "/?token=anything"));
  }

  RawClient open() throws InterruptedException {
    if (!connectBlocking()) {
      throw new IllegalStateException("cannot connect to " + getURI());
    }
    return this;
  }

  List<String> nonPings() {
    return received.stream().filter(text -> !text.equals("{\"type\":\"ping\"}")).toList();
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public synchronized void onMessage(String message) {
    receivedAtNanos.add(System.nanoTime());
    received.add(message);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeCode = code;
  }

  /** The close code Java-WebSocket reported (1006: the stream ended without a close frame). */
  volatile int closeCode = -1;

  @Override
  public void onError(Exception ex) {}
}
