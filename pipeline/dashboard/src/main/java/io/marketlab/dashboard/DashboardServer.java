package io.marketlab.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.marketlab.config.ScrapeTargets;
import io.marketlab.layout.HourlyComparison;
import io.marketlab.layout.Resolution;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server: the page (classpath {@code /public}), a JSON API over a {@link
 * MarketStore} and a Server-Sent Events stream of live updates.
 *
 * <pre>
 * GET /api/symbols                                     ["AAPL", ...]
 * GET /api/candles?symbol=&amp;resolution=1s|1m|1h&amp;from=&amp;to=   from/to: ISO-8601 or epoch ms
 * GET /api/trades?symbol=&amp;limit=50                     newest first
 * GET /api/latency                                     p50/p99/max of stored_at − received_at
 * GET /api/health                                      200 when the store answers, else 503
 * GET /api/gaps?symbol=&amp;from=&amp;to=                    gaps of the feed, oldest first
 * GET /api/hourly?symbol=&amp;from=&amp;to=                  hours with their comparisons, oldest first
 * GET /api/anomalies?symbol=&amp;from=&amp;to=               anomalies, oldest first
 * GET /api/stream?symbol=&amp;resolution=                  SSE, see {@link LiveStream}
 * GET /metrics                                         Prometheus text format, {@link DashboardMetrics}
 * GET /api/pipeline/...                                 the pipeline page, see {@link PipelineApi}
 * </pre>
 *
 * Bad parameters are HTTP 400 with {@code {"error": "...", "parameter": "..."}}; a store that
 * cannot answer (Cassandra down, tables not created yet) is HTTP 503; any other failure is HTTP
 * 500. A 503 or 500 says what failed and, when there is more to it (CQL, driver errors, a stack
 * trace), an {@code errorId} under which the detail is in the log: the page never sees internals. A
 * request whose Host header is not an allowed name is HTTP 403 (DNS rebinding); a live client over
 * the limit is HTTP 503.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

  /** The Prometheus job the dashboard registers as. */
  static final String JOB = "dashboard";

  private final MarketStore store;
  private final DashboardConfig config;
  private final LiveStream live;
  private final PipelineApi pipeline;
  private final AllowedHosts allowedHosts;
  private final ObjectMapper json = new ObjectMapper();
  private final DashboardMetrics metrics;
  private final Javalin app;
  private volatile ScrapeTargets targets;
  private volatile String targetName;

  /**
   * Starts serving at once on {@code config.host():config.port()}, without the pipeline page; the
   * store stays the caller's.
   */
  public DashboardServer(MarketStore store, DashboardConfig config) {
    this(store, config, PipelineConfig.none());
  }

  /**
   * Starts serving at once on {@code config.host():config.port()}, with the pipeline page over
   * {@code pipelineConfig}; the store stays the caller's.
   */
  public DashboardServer(MarketStore store, DashboardConfig config, PipelineConfig pipelineConfig) {
    this.store = store;
    this.config = config;
    this.allowedHosts = new AllowedHosts(config.host(), config.allowedHosts());
    this.live =
        new LiveStream(
            store,
            config.pollInterval(),
            config.latencySample(),
            Clock.systemUTC(),
            new LiveStream.Limits(config.maxClients(), config.clientQueue()),
            json);
    this.metrics = new DashboardMetrics(live);
    this.pipeline =
        new PipelineApi(pipelineConfig, store, config.latencySample(), Clock.systemUTC(), json);
    this.app =
        Javalin.create(
            javalin -> {
              javalin.showJavalinBanner = false;
              // Jetty logs every request once it is answered, with its final status: static files,
              // 404s and refusals included, and a live stream when it ends.
              javalin.jetty.modifyServer(
                  server ->
                      server.setRequestLog(
                          (request, response) ->
                              metrics.request(
                                  request.getHttpURI().getPath(), finalStatus(response))));
              javalin.staticFiles.add("/public", Location.CLASSPATH);
              javalin.jsonMapper(new JavalinJackson(json, false));
            });
    routes();
    try {
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      live.close();
      pipeline.close();
      throw new IllegalStateException(
          "cannot start the dashboard on "
              + config.host()
              + ":"
              + config.port()
              + ": "
              + e.getMessage(),
          e);
    }
    LOG.info("Dashboard listening on {}", url());
  }

  private static int finalStatus(org.eclipse.jetty.server.Response response) {
    org.eclipse.jetty.http.MetaData.Response committed = response.getCommittedMetaData();
    return committed != null ? committed.getStatus() : response.getStatus();
  }

  /**
   * Registers {@code /metrics} as the Prometheus file-discovery target {@code dashboard/PART} of
   * the lab whose work directory is {@code workDir}; {@link #close()} removes it.
   */
  public void registerScrapeTarget(Path workDir, String part) {
    ScrapeTargets scrape = new ScrapeTargets(workDir);
    String host = config.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    }
    scrape.register(JOB, part, host + ":" + port(), Map.of());
    targets = scrape;
    targetName = part;
    LOG.info("Dashboard metrics on {}metrics (scrape target {}/{})", url(), JOB, part);
  }

  /** The actual port (useful when the config asked for 0). */
  public int port() {
    return app.port();
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8088/}. */
  public String url() {
    return "http://" + config.host() + ":" + port() + "/";
  }

  private void routes() {
    // First of all, for the page and the API alike.
    app.before(
        ctx -> {
          String host = ctx.header("Host");
          if (!allowedHosts.allows(host)) {
            throw new RequestRefusedException(
                HttpStatus.FORBIDDEN.getCode(), allowedHosts.refusal(host));
          }
        });
    app.get(
        "/metrics",
        ctx -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
          metrics.write(body);
          ctx.contentType(metrics.contentType()).result(body.toByteArray());
        });
    // Browsers ask for /favicon.ico whatever the page says; answer with the page's icon, no 404.
    app.get("/favicon.ico", ctx -> ctx.redirect("/favicon.svg"));
    app.get("/api/health", this::health);
    app.get("/api/symbols", ctx -> ctx.json(store.symbols()));
    app.get("/api/candles", this::candles);
    app.get("/api/trades", this::trades);
    app.get("/api/gaps", this::gaps);
    app.get("/api/hourly", this::hourly);
    app.get("/api/anomalies", this::anomalies);
    app.get("/api/compare", this::compare);
    pipeline.routes(app);
    app.get(
        "/api/latency", ctx -> ctx.json(JsonViews.latency(store.latency(config.latencySample()))));
    // Validated before the SSE handler commits the response, so a bad request is still a 400.
    app.before(
        "/api/stream",
        ctx -> {
          ApiParameters.symbol(ctx, store.symbols());
          ApiParameters.resolution(ctx);
          if (!live.hasRoom()) {
            throw new RequestRefusedException(
                HttpStatus.SERVICE_UNAVAILABLE.getCode(), live.tooManyClients());
          }
        });
    app.sse(
        "/api/stream",
        client ->
            live.subscribe(
                new LiveStream.Key(
                    client.ctx().queryParam("symbol"), ApiParameters.resolution(client.ctx())),
                client));

    app.exception(
        BadRequestException.class,
        (e, ctx) ->
            ctx.status(HttpStatus.BAD_REQUEST)
                .json(new JsonViews.ErrorView(e.getMessage(), e.parameter())));
    app.exception(
        RequestRefusedException.class,
        (e, ctx) -> {
          LOG.debug("Refused {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
          ctx.status(e.status()).json(new JsonViews.ErrorView(e.getMessage(), null));
        });
    app.exception(
        NotFoundException.class,
        (e, ctx) ->
            ctx.status(HttpStatus.NOT_FOUND)
                .json(new JsonViews.ErrorView(e.getMessage(), e.parameter())));
    app.exception(
        UnavailableException.class,
        (e, ctx) -> {
          if (e instanceof StoreUnavailableException) {
            metrics.storeError();
          }
          ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
              .json(ErrorReport.of(e, "request " + ctx.path(), LOG).view());
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          // The page gets no internals (hosts, keyspaces, class names): they are in the log.
          RuntimeException failure =
              e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
          ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
              .json(ErrorReport.of(failure, "request " + ctx.fullUrl(), LOG).view());
        });
  }

  /**
   * 200 when the store answers a query now (a store with configured symbols answers {@code
   * symbols()} without asking Cassandra, so that proves nothing), 503 with what failed otherwise;
   * with the live clients, how many were dropped, and what the live poll saw last.
   */
  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    try {
      store.ping();
      List<String> symbols = store.symbols();
      body.put("status", "ok");
      body.put("symbols", symbols.size());
    } catch (StoreUnavailableException e) {
      metrics.storeError();
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
      body.put("status", "unavailable");
      ErrorReport.of(e, "health", LOG).putInto(body);
    }
    body.put("liveClients", live.clientCount());
    body.put("droppedClients", live.droppedCount());
    LiveStream.Status liveStatus = live.lastStatus();
    if (liveStatus != null) {
      body.put("live", liveStatus);
    }
    body.put("time", Instant.now().toString());
    ctx.json(body);
  }

  private void candles(Context ctx) {
    String symbol = ApiParameters.symbol(ctx, store.symbols());
    Resolution resolution = ApiParameters.resolution(ctx);
    Instant from = ApiParameters.time(ctx, "from");
    Instant to = ApiParameters.time(ctx, "to");
    Instant newest = null;
    if (from == null || to == null) {
      List<Candle> newestCandles = store.newestCandles(symbol, resolution, 1);
      newest = newestCandles.isEmpty() ? null : newestCandles.get(0).windowStart();
    }
    Instant[] range = ApiParameters.range(resolution, from, to, newest);
    if (range == null) {
      ctx.json(new JsonViews.CandlesResponse(symbol, resolution.label(), null, null, List.of()));
      return;
    }
    List<Candle> candles;
    try {
      candles = store.candles(symbol, resolution, range[0], range[1]);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("from", e.getMessage());
    }
    ctx.json(
        new JsonViews.CandlesResponse(
            symbol,
            resolution.label(),
            range[0].toString(),
            range[1].toString(),
            JsonViews.candles(candles)));
  }

  private void trades(Context ctx) {
    String symbol = ApiParameters.symbol(ctx, store.symbols());
    int limit = ApiParameters.limit(ctx);
    ctx.json(
        new JsonViews.TradesResponse(symbol, JsonViews.trades(store.latestTrades(symbol, limit))));
  }

  /** The gaps of a symbol that meet [from, to) (default: all), oldest first, at most 1000. */
  private void gaps(Context ctx) {
    String symbol = ApiParameters.symbol(ctx, store.symbols());
    Instant[] range = range(ctx);
    Instant from = range[0];
    Instant to = range[1];
    List<GapRow> gaps = store.gaps(symbol, from, to, MAX_GAPS);
    ctx.json(
        new JsonViews.GapsResponse(
            symbol, from.toString(), to.toString(), gaps.size() >= MAX_GAPS, JsonViews.gaps(gaps)));
  }

  /**
   * The hourly rows of a symbol in [from, to) (default: all), oldest first, each with its
   * comparisons against the previous hour and the same hour of the 7 days before
   * (docs/ANALYTICS.md), from the rows of the same partition.
   */
  private void hourly(Context ctx) {
    String symbol = ApiParameters.symbol(ctx, store.symbols());
    Instant[] range = range(ctx);
    Instant from = range[0];
    // The comparisons need the 7 days before the first hour asked for.
    Instant readFrom =
        from.equals(ApiParameters.EARLIEST)
            ? from
            : from.minusMillis(HourlyComparison.DAYS_BACK * HourlyComparison.DAY_MS);
    List<HourlyComparison.Hour> hours = store.hourly(symbol, readFrom, range[1]);
    Map<Long, HourlyComparison.Hour> byStart = new HashMap<>();
    for (HourlyComparison.Hour hour : hours) {
      byStart.put(hour.hourStartMs(), hour);
    }
    List<JsonViews.HourView> views = new ArrayList<>();
    for (HourlyComparison.Hour hour : hours) {
      if (hour.hourStartMs() >= from.toEpochMilli()) {
        views.add(JsonViews.hour(hour, HourlyComparison.compare(hour, byStart)));
      }
    }
    ctx.json(new JsonViews.HourlyResponse(symbol, range[0].toString(), range[1].toString(), views));
  }

  /** The anomalies of a symbol in [from, to) (default: all), oldest first, at most 1000. */
  private void anomalies(Context ctx) {
    String symbol = ApiParameters.symbol(ctx, store.symbols());
    Instant[] range = range(ctx);
    List<AnomalyRow> anomalies = store.anomalies(symbol, range[0], range[1], MAX_GAPS);
    ctx.json(
        new JsonViews.AnomaliesResponse(
            symbol,
            range[0].toString(),
            range[1].toString(),
            anomalies.size() >= MAX_GAPS,
            anomalies));
  }

  /**
   * Several symbols' 1 m closes as percent changes from {@code start} (default: the range's start)
   * and the correlations of their 1 m returns over {@code [from, to)} (default: the {@value
   * #COMPARE_WINDOWS} minutes up to the newest candle of any of them); see {@link CrossSymbol}.
   */
  private void compare(Context ctx) {
    List<String> symbols = ApiParameters.symbols(ctx, store.symbols());
    Instant from = ApiParameters.time(ctx, "from");
    Instant to = ApiParameters.time(ctx, "to");
    Instant start = ApiParameters.time(ctx, "start");
    Instant newest = null;
    if (from == null || to == null) {
      for (String symbol : symbols) {
        List<Candle> last = store.newestCandles(symbol, Resolution.MINUTE, 1);
        if (!last.isEmpty() && (newest == null || last.get(0).windowStart().isAfter(newest))) {
          newest = last.get(0).windowStart();
        }
      }
    }
    Instant[] range = ApiParameters.range(Resolution.MINUTE, from, to, newest, COMPARE_WINDOWS);
    if (range == null) {
      ctx.json(new JsonViews.CompareResponse(null, null, null, List.of(), List.of()));
      return;
    }
    if (start == null) {
      start = range[0];
    } else if (start.isBefore(range[0]) || !start.isBefore(range[1])) {
      throw new BadRequestException(
          "start", "parameter 'start' (" + start + ") must be in " + range[0] + " .. " + range[1]);
    }
    List<CrossSymbol.Line> lines = new ArrayList<>();
    List<Map<Long, Double>> returns = new ArrayList<>();
    for (String symbol : symbols) {
      List<Candle> candles = store.candles(symbol, Resolution.MINUTE, range[0], range[1]);
      lines.add(CrossSymbol.line(symbol, candles, start.toEpochMilli()));
      returns.add(CrossSymbol.returns(candles));
    }
    List<CrossSymbol.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < symbols.size(); i++) {
      for (int j = i + 1; j < symbols.size(); j++) {
        pairs.add(CrossSymbol.pair(symbols.get(i), returns.get(i), symbols.get(j), returns.get(j)));
      }
    }
    ctx.json(
        new JsonViews.CompareResponse(
            range[0].toString(), range[1].toString(), start.toString(), lines, pairs));
  }

  /** Minutes a compare answer covers by default. */
  static final int COMPARE_WINDOWS = 1440;

  /** from and to of a request (defaults: all time), from before to. */
  private static Instant[] range(Context ctx) {
    Instant from = ApiParameters.time(ctx, "from");
    Instant to = ApiParameters.time(ctx, "to");
    from = from == null ? ApiParameters.EARLIEST : from;
    to = to == null ? ApiParameters.END : to;
    if (!from.isBefore(to)) {
      throw new BadRequestException(
          "from", "parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    return new Instant[] {from, to};
  }

  /** Gaps one answer holds at most (the newest of a range with more). */
  static final int MAX_GAPS = 1000;

  @Override
  public void close() {
    ScrapeTargets registered = targets;
    if (registered != null) {
      try {
        registered.remove(JOB, targetName);
      } catch (java.io.UncheckedIOException e) {
        LOG.warn("Dashboard: {}", e.getMessage()); // a stale target shows as down: true
      }
    }
    live.close();
    pipeline.close();
    app.stop();
    LOG.info("Dashboard stopped");
  }
}
