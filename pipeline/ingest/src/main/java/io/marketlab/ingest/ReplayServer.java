package io.marketlab.ingest;

import io.marketlab.model.finnhub.ClientRequest;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local websocket server that speaks Finnhub's protocol and plays a recorded session: it accepts
 * any token, honours subscribe/unsubscribe per connection, sends each connection only the trades of
 * its symbols (frames that are not trade frames go to every subscribed connection as recorded),
 * pings, and keeps the recorded timing divided by the speed. One timeline is shared by all
 * connections, as with a live feed: a client that reconnects misses what was sent meanwhile. The
 * session is streamed from disk ({@link ReplaySource}): one frame in memory, whatever its size.
 */
public final class ReplayServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayServer.class);

  private final ReplayServerConfig config;
  private final ReplaySource source;
  private final Set<String> sessionSymbols;
  private final Server server;
  private final Map<WebSocket, Connection> connections = new ConcurrentHashMap<>();
  private final ScheduledExecutorService pinger =
      Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "replay-pinger"));
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch firstSubscription = new CountDownLatch(1);
  private final CompletableFuture<ReplayProgress> finished = new CompletableFuture<>();
  private final Thread sender;
  private final ReplaySchedule schedule;

  private final AtomicLong framesReplayed = new AtomicLong();
  private final AtomicLong framesSent = new AtomicLong();
  private final LongAdder tradesSent = new LongAdder();
  private final Map<String, LongAdder> tradesBySymbol = new ConcurrentHashMap<>();
  private volatile long positionMicros;
  private volatile int loopsCompleted;
  private volatile boolean closed;
  private volatile Exception startError;

  // The drop operation and the record of what was sent.
  private final Object sendLock = new Object();
  private final java.util.concurrent.atomic.AtomicInteger connectionsOpened =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile SentFrames record;

  /**
   * @param source the session; its header's symbols serve {@code rejectUnknownSymbols}
   */
  ReplayServer(ReplaySource source, ReplayServerConfig config) {
    this.config = config;
    this.source = source;
    this.sessionSymbols = source.symbols();
    this.server = new Server(new InetSocketAddress(config.host(), config.port()));
    this.schedule = ReplaySchedule.of(config.profile());
    this.sender = new Thread(this::replay, "replay-sender");
    sender.setDaemon(true);
  }

  /**
   * A server for a session file: read through once now (its format checked, its frames counted),
   * then streamed from disk on each pass.
   */
  public static ReplayServer fromSession(Path session, ReplayServerConfig config) {
    ReplaySource source = ReplaySource.open(session);
    LOG.info(
        "opened session {}: {} frames, symbols {}{}",
        session,
        source.totalFrames(),
        source.symbols(),
        source.damage().map(damage -> " (read up to gzip damage)").orElse(""));
    return new ReplayServer(source, config);
  }

  /**
   * Binds the port and starts pinging; the replay clock starts now or at the first subscription.
   */
  public ReplayServer start() {
    server.setReuseAddr(true);
    server.setDaemon(true);
    server.start();
    try {
      if (!started.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "replay server did not start within 10 s on " + config.host());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the replay server", e);
    }
    if (startError != null) {
      throw new IllegalStateException(
          "replay server cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + ": "
              + startError.getMessage(),
          startError);
    }
    long ping = config.pingInterval().toMillis();
    pinger.scheduleAtFixedRate(this::pingAll, ping, ping, TimeUnit.MILLISECONDS);
    if (!config.startOnFirstSubscription()) {
      firstSubscription.countDown();
    }
    sender.start();
    LOG.info(
        "replay server on ws://{}:{} ({} frames, speed {}{}, {})",
        config.host(),
        port(),
        source.totalFrames(),
        Double.isInfinite(config.speed()) ? "max" : config.speed(),
        config.bursts().isEmpty() ? "" : ", bursts " + config.bursts(),
        config.startOnFirstSubscription() ? "starts at the first subscription" : "started");
    return this;
  }

  /** Records every frame sent and every drop from now on (see {@link #sent()}); returns this. */
  public ReplayServer recordSent() {
    if (record == null) {
      record = new SentFrames();
    }
    return this;
  }

  /** What was sent, when {@link #recordSent()} was called. */
  public java.util.Optional<SentFrames> sent() {
    return java.util.Optional.ofNullable(record);
  }

  /**
   * A network cut: every websocket connection is closed at once, without a close frame (the server
   * shuts its sending side after what it already wrote, so each frame recorded as sent reaches the
   * client, which then sees its stream end). Frames due while no client is connected are lost, not
   * queued: a client that reconnects gets what comes after.
   *
   * @return the connections cut
   */
  public List<Integer> drop() {
    List<Integer> cut = new ArrayList<>();
    List<WebSocket> sockets = new ArrayList<>();
    long replayedBefore;
    synchronized (sendLock) {
      replayedBefore = framesReplayed.get();
      for (Map.Entry<WebSocket, Connection> entry : connections.entrySet()) {
        cut.add(entry.getValue().number);
        sockets.add(entry.getKey());
      }
      for (WebSocket socket : sockets) {
        connections.remove(socket);
      }
    }
    for (WebSocket socket : sockets) {
      cut(socket);
    }
    SentFrames sentRecord = record;
    if (sentRecord != null) {
      sentRecord.dropped(
          new SentFrames.Drop(java.time.Instant.now(), List.copyOf(cut), replayedBefore));
    }
    LOG.info("dropped {} connection(s) {} after {} frames", cut.size(), cut, replayedBefore);
    return cut;
  }

  /** Shuts the sending side once Java-WebSocket has written what it buffered. */
  private static void cut(WebSocket socket) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    org.java_websocket.WebSocketImpl impl = (org.java_websocket.WebSocketImpl) socket;
    while (impl.hasBufferedData() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    try {
      if (impl.getChannel() instanceof java.nio.channels.SocketChannel channel) {
        channel.shutdownOutput();
      } else {
        socket.closeConnection(1006, "dropped");
      }
    } catch (java.io.IOException e) {
      LOG.debug("drop of {}: {}", socket.getRemoteSocketAddress(), e.toString());
    }
  }

  /** The port actually bound (useful with port 0). */
  int port() {
    return server.getPort();
  }

  public String url() {
    return "ws://" + config.host() + ":" + port();
  }

  /** Completes with the final progress when the last frame was sent (never, when looping). */
  public CompletableFuture<ReplayProgress> finished() {
    return finished;
  }

  public ReplayProgress awaitFinished(Duration timeout) throws TimeoutException {
    try {
      return finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the replay", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("replay failed", e.getCause());
    }
  }

  public ReplayProgress progress() {
    return progress(finished.isDone());
  }

  private ReplayProgress progress(boolean done) {
    Map<String, Long> bySymbol = new TreeMap<>();
    for (Map.Entry<String, LongAdder> entry : tradesBySymbol.entrySet()) {
      bySymbol.put(entry.getKey(), entry.getValue().sum());
    }
    return new ReplayProgress(
        framesReplayed.get(),
        source.totalFrames(),
        framesSent.get(),
        tradesSent.sum(),
        Map.copyOf(bySymbol),
        positionMicros,
        loopsCompleted,
        done,
        connections.size());
  }

  @Override
  public void close() {
    closed = true;
    firstSubscription.countDown();
    sender.interrupt();
    pinger.shutdownNow();
    try {
      server.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("replay server closed: {}", progress().line());
  }

  private void replay() {
    try {
      firstSubscription.await();
      if (config.startOnFirstSubscription() && !config.startDelay().isZero()) {
        LockSupport.parkNanos(config.startDelay().toNanos());
      }
      long loopStart = System.nanoTime();
      do {
        if (!replayPass(loopStart)) {
          return;
        }
        loopsCompleted++;
        loopStart += schedule.due(source.lastOffsetMicros());
      } while (config.loop() && !closed && source.totalFrames() > 0);
      ReplayProgress last = progress(true);
      LOG.info("replay finished: {}", last.line());
      finished.complete(last);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("replay stopped by an error", e);
      finished.completeExceptionally(e);
    }
  }

  /**
   * Sends one pass of the session read from disk; false when closed meanwhile. Each frame is read
   * and parsed before its due time, so reading does not shift the schedule.
   */
  private boolean replayPass(long loopStart) throws InterruptedException {
    try (SessionReader reader = source.pass()) {
      for (SessionFrame read = reader.readFrame(); read != null; read = reader.readFrame()) {
        if (closed) {
          return false;
        }
        ReplayFrame frame = ReplayFrame.of(read);
        waitUntil(loopStart + schedule.due(frame.offsetMicros()));
        synchronized (sendLock) {
          broadcast(frame, framesReplayed.get());
        }
        positionMicros = frame.offsetMicros();
        framesReplayed.incrementAndGet();
      }
    }
    return !closed;
  }

  private void waitUntil(long deadlineNanos) throws InterruptedException {
    long remaining;
    while (!closed && (remaining = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  private void broadcast(ReplayFrame frame, long sessionIndex) {
    for (Map.Entry<WebSocket, Connection> entry : connections.entrySet()) {
      Connection connection = entry.getValue();
      if (connection.subscribed.isEmpty() || connection.silent) {
        continue;
      }
      String text = frame.textFor(connection.subscribed);
      if (text == null) {
        continue;
      }
      long position = send(entry.getKey(), connection, text);
      if (position < 0) {
        continue;
      }
      framesSent.incrementAndGet();
      SentFrames sentRecord = record;
      if (sentRecord != null) {
        sentRecord.sent(
            sessionIndex, connection.number, text.equals(frame.text()) ? null : text, position);
      }
      countTrades(frame, connection.subscribed);
      long sent = ++connection.framesSent;
      if (config.dropAfterFrames() >= 0 && sent >= config.dropAfterFrames()) {
        LOG.info("simulating a dropped connection after {} frames", sent);
        // A close frame rather than closeConnection(): Java-WebSocket defers closing a channel
        // still registered with its selector, so an abrupt close from this thread may never
        // reach the client.
        entry.getKey().close(1001, "simulated drop");
      } else if (config.silentAfterFrames() >= 0 && sent >= config.silentAfterFrames()) {
        LOG.info("simulating a silent connection after {} frames", sent);
        connection.silent = true;
      }
    }
  }

  private void countTrades(ReplayFrame frame, Set<String> subscribed) {
    if (frame.trades() == null) {
      return;
    }
    for (TradeTick trade : frame.trades()) {
      if (subscribed.contains(trade.symbol())) {
        tradesSent.increment();
        tradesBySymbol.computeIfAbsent(trade.symbol(), key -> new LongAdder()).increment();
      }
    }
  }

  private void pingAll() {
    synchronized (sendLock) {
      pingConnected();
    }
  }

  private void pingConnected() {
    for (Map.Entry<WebSocket, Connection> entry : connections.entrySet()) {
      if (!entry.getValue().silent) {
        send(entry.getKey(), entry.getValue(), FinnhubCodec.ping());
      }
    }
  }

  /**
   * Writes one text frame to a connection and returns its place among every text frame written to
   * that connection (from 1), or -1 when the connection is gone. The count and the write happen
   * together, so the places are the order the client receives the frames in.
   */
  private long send(WebSocket socket, Connection connection, String text) {
    synchronized (connection) {
      try {
        socket.send(text);
      } catch (WebsocketNotConnectedException e) {
        return -1;
      }
      long position = ++connection.written;
      SentFrames sentRecord = record;
      if (sentRecord != null) {
        sentRecord.wrote(connection.number, position);
      }
      return position;
    }
  }

  /** Connections opened so far (they are numbered 1, 2, ... in the order they opened). */
  public int connectionsOpened() {
    return connectionsOpened.get();
  }

  private void onRequest(WebSocket socket, String text) {
    Connection connection = connections.get(socket);
    if (connection == null) {
      return;
    }
    ClientRequest request = FinnhubCodec.parseClientRequest(text);
    if (request instanceof ClientRequest.Subscribe subscribe) {
      String symbol = subscribe.symbol();
      if (config.rejectUnknownSymbols() && !sessionSymbols.contains(symbol)) {
        LOG.info("refusing subscription to {} (not in the session)", symbol);
        send(socket, connection, FinnhubCodec.error("Invalid symbol " + symbol));
        return;
      }
      connection.subscribed.add(symbol);
      firstSubscription.countDown();
    } else if (request instanceof ClientRequest.Unsubscribe unsubscribe) {
      connection.subscribed.remove(unsubscribe.symbol());
    } else if (request instanceof ClientRequest.Invalid invalid) {
      send(socket, connection, FinnhubCodec.error(invalid.reason()));
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Per-connection state; {@code framesSent} and {@code silent} are touched by the sender only. */
  private static final class Connection {
    final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    final int number;
    long framesSent;

    /** Text frames of any kind written to it; guarded by the connection itself. */
    long written;

    volatile boolean silent;

    Connection(int number) {
      this.number = number;
    }
  }

  private final class Server extends WebSocketServer {
    Server(InetSocketAddress address) {
      super(address);
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
      // The resource descriptor carries ?token=...: accepted, never logged.
      Connection connection = new Connection(connectionsOpened.incrementAndGet());
      SentFrames sentRecord = record;
      if (sentRecord != null) {
        sentRecord.opened(connection.number);
      }
      connections.put(socket, connection);
      LOG.debug("client connected from {}", socket.getRemoteSocketAddress());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
      connections.remove(socket);
      LOG.debug("client {} disconnected: {} {}", socket.getRemoteSocketAddress(), code, reason);
    }

    @Override
    public void onMessage(WebSocket socket, String message) {
      onRequest(socket, message);
    }

    @Override
    public void onError(WebSocket socket, Exception error) {
      if (socket == null) {
        startError = error;
        started.countDown();
      } else {
        LOG.debug(
            "connection error from {}: {}", socket.getRemoteSocketAddress(), error.toString());
      }
    }

    @Override
    public void onStart() {
      started.countDown();
    }
  }
}
