package dev.grpcpolyglot.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The metrics port's only door: {@code GET}/{@code HEAD /metrics} reaches the scrape handler
 * (with the bearer token, when one is configured); any other path is 404 and any other method
 * 405. Why a handler of our own on "/": the JDK server matches contexts by string prefix, so a
 * context at "/metrics" would also answer "/metricsX" and "/metrics/anything".
 */
final class ScrapeGuard implements HttpHandler {
  static final String PATH = "/metrics";

  private final HttpHandler scrape;
  private final Optional<byte[]> expectedAuthorization;

  ScrapeGuard(HttpHandler scrape, Optional<String> bearerToken) {
    this.scrape = scrape;
    this.expectedAuthorization =
        bearerToken.map(token -> ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
        refuse(exchange, 404, "not found: this port serves only " + PATH);
        return;
      }
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        refuse(exchange, 405, "method not allowed: " + PATH + " answers GET and HEAD");
        return;
      }
      if (!authorized(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"metrics\"");
        refuse(exchange, 401, "unauthorized: " + PATH + " needs the metrics bearer token");
        return;
      }
      scrape.handle(exchange);
    }
  }

  private boolean authorized(HttpExchange exchange) {
    if (expectedAuthorization.isEmpty()) {
      return true;
    }
    String sent = exchange.getRequestHeaders().getFirst("Authorization");
    // Constant-time comparison: response timing must not tell how much of a guess was right.
    return sent != null && MessageDigest.isEqual(
        expectedAuthorization.get(), sent.getBytes(StandardCharsets.UTF_8));
  }

  private static void refuse(HttpExchange exchange, int status, String message)
      throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
