package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a browser asks for when it opens a page: every file the page names, and an icon. A page
 * without an icon link makes the browser ask for {@code /favicon.ico}, once on load and once more
 * when the page rewrites its URL (history.replaceState): the two 404s in the console of issue 9.
 */
class PageResourcesTest {

  private static final Pattern LOCAL_REFERENCE =
      Pattern.compile("(?:src|href)=\"(?!https?:|#|data:)([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  private DashboardServer server;

  @BeforeEach
  void start() {
    server =
        new DashboardServer(
            new InMemoryMarketStore(List.of("AAPL")), DashboardConfig.defaults().withPort(0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/index.html", "/pipeline.html", "/compare.html"})
  void every_file_a_page_names_should_be_served(String page) throws Exception {
    HttpResponse<String> html = get(page);
    assertThat(html.statusCode()).isEqualTo(200);

    List<String> missing = new ArrayList<>();
    Matcher reference = LOCAL_REFERENCE.matcher(html.body());
    int references = 0;
    while (reference.find()) {
      references++;
      String path = "/" + reference.group(1).replaceFirst("^\\./", "").replaceFirst("\\?.*", "");
      int status = get(path).statusCode();
      if (status != 200) {
        missing.add(path + " -> " + status);
      }
    }
    assertThat(references).isGreaterThan(2);
    assertThat(missing).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/pipeline.html", "/compare.html"})
  void a_page_should_name_its_icon_so_the_browser_does_not_ask_for_a_missing_one(String page)
      throws Exception {
    assertThat(get(page).body()).containsPattern("<link rel=\"icon\"[^>]* href=\"[^\"]+\"");
  }

  @org.junit.jupiter.api.Test
  void the_pages_should_link_to_each_other() throws Exception {
    assertThat(get("/").body()).contains("<a id=\"pipeline-link\"", "href=\"pipeline.html\"");
    assertThat(get("/pipeline.html").body()).contains("<a id=\"market-link\"");
    assertThat(get("/").body()).contains("<a id=\"compare-link\"", "href=\"compare.html\"");
    assertThat(get("/compare.html").body()).contains("<a id=\"market-link\"");
  }

  @org.junit.jupiter.api.Test
  void a_browser_asking_for_favicon_ico_anyway_should_get_the_icon() throws Exception {
    HttpResponse<String> icon = get("/favicon.ico");

    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
