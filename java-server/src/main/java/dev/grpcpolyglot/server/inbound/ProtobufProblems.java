package dev.grpcpolyglot.server.inbound;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Locale;

/**
 * Says in the wire format's own words why bytes are not a valid protobuf message. Protobuf's
 * exception texts name Java classes and setters ("CodedInputStream encountered a malformed
 * varint.", "Use setRecursionLimit() ..."), which mean nothing to a Go or Python caller and must
 * not leak; each known case gets a plain description instead.
 */
public final class ProtobufProblems {
  private record Known(String fragment, String description) {}

  private static final List<Known> KNOWN = List.of(
      new Known("ended unexpectedly",
          "truncated: a field runs past the end of the message (or an embedded message"
              + " misreports its length)"),
      new Known("negative size", "a length-delimited field claims a negative length"),
      new Known("malformed varint", "a varint runs longer than 10 bytes"),
      new Known("invalid tag", "a field has tag number 0"),
      new Known("end-group tag", "a group end tag does not match its start"),
      new Known("invalid wire type", "a field has an invalid wire type"),
      new Known("levels of nesting", "messages nested more than 100 levels deep"),
      new Known("too large", "the message is larger than the parser allows"),
      new Known("invalid utf-8", "a string field is not valid UTF-8"),
      new Known("missing required", "a required field is missing"));

  private ProtobufProblems() {}

  /** A plain description of why parsing failed; never a class name or a stack trace. */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException) {
        String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        for (Known known : KNOWN) {
          if (text.contains(known.fragment())) {
            return known.description();
          }
        }
        return "not a valid protobuf encoding";
      }
    }
    return "not a valid protobuf encoding";
  }
}
