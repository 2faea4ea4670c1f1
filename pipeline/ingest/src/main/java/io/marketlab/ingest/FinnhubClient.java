package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Finnhub websocket client that stays connected: it subscribes the configured symbols, hands
 * every frame to a {@link FinnhubListener}, and replaces a connection that closes, fails or goes
 * silent, waiting per {@link BackoffPolicy} between attempts. HTTP 401 at the handshake is fatal.
 *
 * <p>Every connection attempt gets a generation number; callbacks of an older generation are
 * ignored, so a dying connection can never deliver frames after its replacement started.
 */
final class FinnhubClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FinnhubClient.class);

  private final FinnhubClientConfig config;
  private final FinnhubListener listener;
  private final MicrosClock clock;
  private final Random random;
  private final String origin;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService httpExecutor;
  private final HttpClient http;
  private final FinnhubCodec codec;
  private final AtomicLong frameSeq = new AtomicLong();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  // Guarded by "this".
  private int generation;
  private WebSocket current;
  private int failedAttempts;
  private int connections;
  private int reconnects;
  private boolean started;
  private boolean closed;
  private volatile long lastFrameNanos;

  FinnhubClient(FinnhubClientConfig config, FinnhubListener listener) {
    this(config, listener, MicrosClock.system(), new Random());
  }

  FinnhubClient(
      FinnhubClientConfig config, FinnhubListener listener, MicrosClock clock, Random random) {
    this.config = config;
    this.listener = listener;
    this.clock = clock;
    this.random = random;
    this.origin = "[finnhub|" + config.redactedUrl() + "]";
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("finnhub-client-scheduler"));
    this.httpExecutor = Executors.newCachedThreadPool(daemon("finnhub-client-io"));
    this.http = HttpClient.newBuilder().executor(httpExecutor).build();
    this.codec = new FinnhubCodec(FinnhubCodec.Config.DEFAULT.withFutureSkew(config.futureSkew()));
  }

  /** Connects in the background; returns at once. */
  synchronized void start() {
    if (started) {
      throw new IllegalStateException(origin + " already started");
    }
    started = true;
    LOG.info("{} connecting, symbols {}", origin, config.symbols());
    long period = Math.max(10, config.silenceTimeout().toMillis() / 4);
    scheduler.scheduleAtFixedRate(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
    scheduler.execute(this::connect);
  }

  /**
   * Completes when the client is closed, exceptionally (e.g. {@link FinnhubException.Unauthorized})
   * when it gave up.
   */
  CompletableFuture<Void> terminated() {
    return terminated;
  }

  synchronized boolean isConnected() {
    return current != null;
  }

  /** Connections opened so far (the first one included). */
  synchronized int connections() {
    return connections;
  }

  /** Connections lost and scheduled for replacement. */
  synchronized int reconnects() {
    return reconnects;
  }

  /** Frames received so far, which is also the next frame's {@code seq}. */
  long framesReceived() {
    return frameSeq.get();
  }

  @Override
  public void close() {
    WebSocket socket;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      generation++;
      socket = current;
      current = null;
    }
    if (socket != null) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(1, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("{} close handshake did not complete: {}", origin, e.toString());
      }
      socket.abort();
    }
    scheduler.shutdownNow();
    httpExecutor.shutdownNow();
    terminated.complete(null);
    LOG.info("{} closed after {} frames, {} reconnects", origin, frameSeq.get(), reconnects());
  }

  private void connect() {
    int myGeneration;
    synchronized (this) {
      if (closed) {
        return;
      }
      myGeneration = ++generation;
    }
    URI target = withToken(config.url(), config.token(), config.tokenPolicy());
    Receiver receiver = new Receiver(myGeneration);
    http.newWebSocketBuilder()
        .connectTimeout(config.connectTimeout())
        .buildAsync(target, receiver)
        .whenComplete((socket, error) -> opened(receiver, socket, error));
  }

  private void opened(Receiver receiver, WebSocket socket, Throwable error) {
    int myGeneration = receiver.myGeneration;
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      if (cause instanceof WebSocketHandshakeException handshake
          && handshake.getResponse().statusCode() == 401) {
        fatal(
            new FinnhubException.Unauthorized(
                "Finnhub refused the API token (HTTP 401 at the websocket handshake to "
                    + config.redactedUrl()
                    + "): check FINNHUB_TOKEN; not retrying",
                cause));
        return;
      }
      connectionLost(myGeneration, "connect failed: " + describe(cause));
      return;
    }
    int number;
    synchronized (this) {
      if (closed || myGeneration != generation) {
        socket.abort();
        return;
      }
      current = socket;
      number = numberOf(receiver);
      lastFrameNanos = System.nanoTime();
    }
    CompletableFuture<WebSocket> sends = CompletableFuture.completedFuture(socket);
    // java.net.http allows one outstanding send at a time, so the subscriptions are chained.
    for (String symbol : config.symbols()) {
      String request = FinnhubCodec.subscribe(symbol);
      sends = sends.thenCompose(ws -> ws.sendText(request, true));
    }
    sends.whenComplete(
        (ws, sendError) -> {
          if (sendError != null) {
            connectionLost(myGeneration, "subscribe failed: " + describe(sendError));
            return;
          }
          LOG.info(
              "{} connected (connection {}), subscribed {} symbols",
              origin,
              number,
              config.symbols().size());
          safely(() -> listener.onConnected(number));
        });
  }

  /**
   * The number of {@code receiver}'s connection, given when it first asks (at its open, or when the
   * handshake completes, whichever comes first): 1, 2, ... in the order connections opened.
   */
  private synchronized int numberOf(Receiver receiver) {
    if (receiver.connection == 0) {
      receiver.connection = ++connections;
    }
    return receiver.connection;
  }

  private void connectionLost(int myGeneration, String reason) {
    WebSocket old;
    Duration delay;
    int attempt;
    synchronized (this) {
      if (closed || myGeneration != generation) {
        return;
      }
      generation++;
      old = current;
      current = null;
      reconnects++;
      attempt = ++failedAttempts;
      delay = config.backoff().delay(attempt - 1, random);
    }
    if (old != null) {
      old.abort();
    }
    LOG.warn(
        "{} connection lost ({}); reconnect attempt {} in {} ms",
        origin,
        reason,
        attempt,
        delay.toMillis());
    safely(() -> listener.onDisconnected(reason));
    try {
      scheduler.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("{} closed while scheduling a reconnect", origin);
    }
  }

  private void fatal(FinnhubException error) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      generation++;
    }
    LOG.error("{} {}", origin, error.getMessage());
    safely(() -> listener.onFatal(error));
    scheduler.shutdownNow();
    httpExecutor.shutdown();
    terminated.completeExceptionally(error);
  }

  private void checkSilence() {
    int myGeneration;
    synchronized (this) {
      if (current == null) {
        return;
      }
      myGeneration = generation;
    }
    long silentNanos = System.nanoTime() - lastFrameNanos;
    if (silentNanos > config.silenceTimeout().toNanos()) {
      connectionLost(
          myGeneration,
          "no frame for "
              + TimeUnit.NANOSECONDS.toMillis(silentNanos)
              + " ms (silenceTimeout "
              + config.silenceTimeout().toMillis()
              + " ms)");
    }
  }

  private void deliver(Receiver from, String text) {
    deliver(from, text, null);
  }

  /**
   * Hands one frame to the listener.
   *
   * @param known what the frame is when the receiver already knows (too large, undecodable), or
   *     null to decode {@code text}
   */
  private void deliver(Receiver from, String text, FinnhubMessage known) {
    deliver(from, text, known, -1);
  }

  /**
   * @param frameBytes the whole frame's size when {@code text} is only its head, else -1
   */
  private void deliver(Receiver from, String text, FinnhubMessage known, long frameBytes) {
    long receivedAt = clock.nowMicros();
    int connection;
    synchronized (this) {
      connection = from.connection;
      if (from.myGeneration != generation) {
        return;
      }
      // A frame proves the connection works, so the next outage starts from the initial delay
      // again.
      failedAttempts = 0;
    }
    lastFrameNanos = System.nanoTime();
    long[] checkedAt = {-1};
    FinnhubMessage message =
        known != null
            ? known
            : codec.decode(
                text,
                () -> {
                  checkedAt[0] = config.receiptTimeline().receiptMillis(receivedAt, text);
                  return checkedAt[0];
                });
    ReceivedFrame frame =
        new ReceivedFrame(
            frameSeq.getAndIncrement(), receivedAt, text, checkedAt[0], frameBytes, connection);
    if (message instanceof FinnhubMessage.ErrorMessage error) {
      ServerError classified = ServerError.classify(error.msg());
      if (classified instanceof ServerError.InvalidSymbol invalid) {
        LOG.warn("{} server refused symbol '{}': {}", origin, invalid.symbol(), invalid.message());
      } else if (classified instanceof ServerError.TooManySymbols) {
        LOG.warn(
            "{} server says too many symbols ({} subscribed): {}",
            origin,
            config.symbols().size(),
            classified.message());
      } else {
        LOG.warn("{} server error: {}", origin, classified.message());
      }
      safely(() -> listener.onServerError(classified));
    }
    safely(() -> listener.onMessage(frame, message));
  }

  private void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      // A listener bug must not kill the receive thread and, with it, the connection.
      LOG.error("{} listener failed", origin, e);
    }
  }

  /** The URL with {@code ?token=}, once {@code policy} allowed it; unchanged without a token. */
  static URI withToken(URI url, String token, TokenPolicy policy) {
    if (!FinnhubClientConfig.hasToken(token)) {
      return url;
    }
    policy.check(url);
    String text = url.toString();
    String separator = url.getRawQuery() == null ? "?" : "&";
    return URI.create(
        text + separator + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  private static String describe(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String message = cause.getMessage();
    return cause.getClass().getSimpleName()
        + (message == null ? "" : ": " + FinnhubClientConfig.redact(message));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Receives frames of one connection; joins fragments up to the frame limit and ignores everything
   * once superseded.
   */
  private final class Receiver implements WebSocket.Listener {
    private final int myGeneration;

    /** Its connection's number, 0 until it opened; guarded by the client. */
    private int connection;

    private final FrameAssembly assembly = new FrameAssembly(codec.config().maxFrameBytes());

    Receiver(int myGeneration) {
      this.myGeneration = myGeneration;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      // Numbered before its first frame can arrive, so every frame names its connection.
      numberOf(this);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      assembly.append(data);
      if (last) {
        FrameAssembly.Frame frame = assembly.finish();
        if (frame.tooLarge()) {
          LOG.warn("{} {}", origin, frame.reason());
          deliver(this, frame.text(), new FinnhubMessage.Malformed(frame.reason()), frame.bytes());
        } else {
          deliver(this, frame.text());
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      LOG.warn(
          "{} ignored a binary frame of {} bytes (Finnhub sends text)", origin, data.remaining());
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      connectionLost(
          myGeneration,
          "closed by server, code "
              + statusCode
              + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (invalidUtf8(error)) {
        // java.net.http decodes text frames strictly and fails the connection (close code 1007)
        // without handing over the bytes: the frame cannot be kept, but it is accounted for as a
        // dead letter, with the fragments that did arrive, before the connection is replaced.
        String head = assembly.finish().text();
        String reason =
            "invalid UTF-8 in a text frame ("
                + describe(error)
                + "); the websocket client closed the connection with code 1007 and cannot hand"
                + " over the frame's bytes"
                + (head.isEmpty() ? "" : "; kept the " + head.length() + " chars decoded before");
        LOG.warn("{} {}", origin, reason);
        deliver(this, head, new FinnhubMessage.Malformed(reason));
      }
      connectionLost(myGeneration, "error: " + describe(error));
    }
  }

  /** Whether a connection failed because a text frame was not valid UTF-8. */
  static boolean invalidUtf8(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.nio.charset.CharacterCodingException) {
        return true;
      }
    }
    return false;
  }
}
