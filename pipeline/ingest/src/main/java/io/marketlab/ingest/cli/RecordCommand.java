package io.marketlab.ingest.cli;

import io.marketlab.config.SettingsDefaults;
import io.marketlab.ingest.FinnhubClientConfig;
import io.marketlab.ingest.Recorder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab record}: records a live (or replayed) connection into a session file. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    defaultValueProvider = SettingsDefaults.class,
    description = "Record Finnhub frames into a session file. Token from env FINNHUB_TOKEN.")
public final class RecordCommand implements Callable<Integer> {

  @Option(
      names = "--symbols",
      required = true,
      split = ",",
      paramLabel = "A,B",
      description = "symbols to subscribe, e.g. BINANCE:BTCUSDT,AAPL")
  List<String> symbols;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = CliSupport.DurationConverter.class,
      description = "how long to record (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--out", required = true, description = "session file to write (.session.gz)")
  Path out;

  @Option(
      names = "--url",
      descriptionKey = "lab.finnhub.url",
      description = "websocket URL (default: ${DEFAULT-VALUE})")
  URI url;

  @Option(names = "--name", description = "session name in the header (default: file name)")
  String name;

  @Override
  public Integer call() {
    try {
      FinnhubClientConfig config = CliSupport.clientConfig(url, symbols);
      String sessionName =
          name != null ? name : out.getFileName().toString().replace(".session.gz", "");
      System.err.println(
          "recording " + symbols + " from " + config.redactedUrl() + " for " + duration);
      long frames = Recorder.record(config, out, sessionName, duration);
      System.out.println("recorded " + frames + " frames into " + out);
      return 0;
    } catch (Exception e) {
      return CliSupport.fail(e);
    }
  }
}
