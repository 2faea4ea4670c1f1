package io.marketlab.ingest;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.enums.Opcode;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/** A websocket server the test drives by hand: it records requests and sends what it is told. */
final class ScriptedServer extends WebSocketServer implements AutoCloseable {

  final List<WebSocket> connections = new CopyOnWriteArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> resources = new CopyOnWriteArrayList<>();
  private final CountDownLatch started = new CountDownLatch(1);

  ScriptedServer() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
    setDaemon(true);
  }

  ScriptedServer begin() throws InterruptedException {
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("scripted server did not start");
    }
    return this;
  }

  String url() {
    return "ws://127.0.0.1:" + getPort();
  }

  WebSocket latest() {
    return connections.get(connections.size() - 1);
  }

  /** Sends {@code text} split into {@code parts} continuation frames. */
  void sendFragmented(String text, int parts) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int size = (bytes.length + parts - 1) / parts;
    for (int i = 0; i < parts; i++) {
      int from = i * size;
      int to = Math.min(bytes.length, from + size);
      latest()
          .sendFragmentedFrame(
              Opcode.TEXT, ByteBuffer.wrap(bytes, from, to - from), i == parts - 1);
    }
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    resources.add(handshake.getResourceDescriptor());
    connections.add(conn);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

  @Override
  public void onMessage(WebSocket conn, String message) {
    requests.add(message);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {}

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void close() {
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
