package dev.grpcpolyglot.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine-readable details of a failed call: the {@code google.rpc.Status} the server puts
 * in the {@code grpc-status-details-bin} trailer (docs/errors.md), decoded. The Go and Python
 * clients decode and print the same fields the same way.
 *
 * @param reason ErrorInfo.reason, a stable UPPER_SNAKE_CASE name ("" when absent)
 * @param domain ErrorInfo.domain ("" when absent)
 * @param fieldViolations BadRequest's violations: which request field, and why
 * @param retryDelay RetryInfo.retry_delay, when waiting before a retry may help
 */
public record ErrorDetails(String reason, String domain, List<FieldViolation> fieldViolations,
    Optional<Duration> retryDelay) {

  /** One request field at fault, as a path into the request ({@code edges[3].target_id}). */
  public record FieldViolation(String field, String description) {}

  /** The details carried by {@code failure} (a StatusRuntimeException), or empty when none. */
  public static Optional<ErrorDetails> of(Throwable failure) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null || status.getDetailsCount() == 0) {
      return Optional.empty();
    }
    String reason = "";
    String domain = "";
    List<FieldViolation> violations = new ArrayList<>();
    Duration retry = null;
    for (Any detail : status.getDetailsList()) {
      try {
        if (detail.is(ErrorInfo.class)) {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          reason = info.getReason();
          domain = info.getDomain();
        } else if (detail.is(BadRequest.class)) {
          BadRequest badRequest = detail.unpack(BadRequest.class);
          for (BadRequest.FieldViolation v : badRequest.getFieldViolationsList()) {
            violations.add(new FieldViolation(v.getField(), v.getDescription()));
          }
        } else if (detail.is(RetryInfo.class)) {
          com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
          retry = Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
        }
      } catch (InvalidProtocolBufferException e) {
        // A detail that does not parse is skipped: the status code and message still stand.
      }
    }
    return Optional.of(new ErrorDetails(reason, domain, List.copyOf(violations),
        Optional.ofNullable(retry)));
  }

  /**
   * The lines a command-line client prints under its failure line, indented two spaces:
   * {@code reason: R (domain D)}, {@code field: F}, {@code retry after: 1.000s}.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    if (!reason.isEmpty()) {
      lines.add("  reason: " + reason + " (domain " + domain + ")");
    }
    for (FieldViolation violation : fieldViolations) {
      lines.add("  field: " + violation.field());
    }
    retryDelay.ifPresent(delay -> lines.add(
        String.format(Locale.ROOT, "  retry after: %.3fs", delay.toNanos() / 1e9)));
    return lines;
  }

  /** Shorthand: the lines of {@code failure}'s details, none when it carries none. */
  public static List<String> linesOf(Throwable failure) {
    return of(failure).map(ErrorDetails::lines).orElse(List.of());
  }
}
