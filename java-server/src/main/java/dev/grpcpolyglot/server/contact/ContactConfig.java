package dev.grpcpolyglot.server.contact;

/** Settings of the Contact task queue (in-flight window, demo producer arrive with issue 5). */
public record ContactConfig() {
  public static ContactConfig defaults() {
    return new ContactConfig();
  }
}
