package io.vigil.director.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil status}: the running director's VRRP instances and virtual servers. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the running director's VRRP instances and virtual servers.")
public final class StatusCommand implements Callable<Integer> {
  /** Where `vigil run` serves its status unless told otherwise. */
  public static final String DEFAULT_ENDPOINT = "127.0.0.1:9180";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-s", "--status"},
      paramLabel = "HOST:PORT",
      description = "The director's status endpoint (default: ${DEFAULT-VALUE}).",
      defaultValue = DEFAULT_ENDPOINT)
  String endpoint;

  @Option(names = "--json", description = "Print the raw JSON document instead of the table.")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    URI uri = URI.create("http://" + endpoint + (json ? "/status" : "/status.txt"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException(
          "no director answers at "
              + endpoint
              + " (is `vigil run` running with its status endpoint on?)",
          e);
    }
    if (r.statusCode() != 200) {
      throw new IOException(uri + " answered HTTP " + r.statusCode());
    }
    spec.commandLine().getOut().print(r.body());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
