package dev.grpcpolyglot.server.greeter;

import dev.grpcpolyglot.server.error.ProblemException;

/** What both Greeter services compute, shared so helloworld.Greeter and muxs.Greeter cannot drift. */
public final class Greetings {
  private Greetings() {}

  /** "Hello, " + name + "!". */
  public static String greet(String name) {
    return "Hello, " + name + "!";
  }

  /**
   * The square ROOT of {@code value}: the reference Square always returned it and clients rely
   * on that, so the name stays and the behaviour is documented instead.
   *
   * @throws ProblemException INVALID_ARGUMENT for a negative, NaN or infinite value
   */
  public static float squareRoot(float value) {
    if (Float.isNaN(value) || Float.isInfinite(value) || value < 0) {
      throw ProblemException.invalidArgument(
          "Square needs a finite value >= 0, got " + value).at("value").because("INVALID_VALUE");
    }
    return (float) Math.sqrt(value);
  }
}
