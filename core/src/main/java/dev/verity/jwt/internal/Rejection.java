package dev.verity.jwt.internal;

import dev.verity.jwt.ErrorCode;
import dev.verity.jwt.JwtVerificationException;

/** Shorthand for building rejections with fixed messages; keeps call sites to one line. */
public final class Rejection {
  private Rejection() {}

  /** Returns a rejection (to be thrown) with the given code and fixed message. */
  public static JwtVerificationException of(ErrorCode code, String message) {
    return new JwtVerificationException(code, message);
  }

  /** Returns a {@link ErrorCode#MALFORMED} rejection. */
  public static JwtVerificationException malformed(String message) {
    return new JwtVerificationException(ErrorCode.MALFORMED, message);
  }
}
