package dev.grpcpolyglot.server.contact.store;

/** Database URLs as messages and logs may show them. */
public final class JdbcUrls {
  private JdbcUrls() {}

  /** {@code url} with any password in it replaced by ***, for messages and logs. */
  public static String masked(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(//[^/:@]*:)[^/@]*@", "$1***@");
  }
}
