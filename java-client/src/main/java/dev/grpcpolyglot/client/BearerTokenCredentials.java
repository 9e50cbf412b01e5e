package dev.grpcpolyglot.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Sends {@code authorization: Bearer <token>} with every call. Over plaintext the token would be
 * readable by anyone on the path, so it is refused (the call fails UNAUTHENTICATED before
 * anything is sent) unless the server is on a loopback address, where development happens.
 */
public final class BearerTokenCredentials extends CallCredentials {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

  private final String token;

  public BearerTokenCredentials(String token) {
    if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("a bearer token is printable ASCII without spaces");
    }
    this.token = token;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY
        && !isLoopback(info.getAuthority())) {
      applier.fail(Status.UNAUTHENTICATED.withDescription(
          "refusing to send the bearer token in plaintext to " + info.getAuthority()
              + ": use --tls (plaintext tokens go only to loopback addresses)"));
      return;
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    applier.apply(headers);
  }

  /** True for localhost and loopback IP literals; never resolves a name through DNS. */
  static boolean isLoopback(String authority) {
    String host = hostOf(authority);
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!IP_LITERAL.matcher(host).matches()) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? authority : authority.substring(1, end);
    }
    int colon = authority.lastIndexOf(':');
    // One colon: host:port. More: a bare IPv6 literal without brackets or port.
    return colon >= 0 && authority.indexOf(':') == colon ? authority.substring(0, colon) : authority;
  }

  @Override
  public String toString() {
    return "BearerTokenCredentials[token hidden]";
  }
}
