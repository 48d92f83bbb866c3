package dev.verity.jwt.servlet;

import dev.verity.jwt.VerifiedJwt;
import java.security.Principal;
import java.util.Objects;

/**
 * The caller of a request {@link BearerTokenFilter} let through: {@link #getName()} is the value of
 * the principal claim ({@code sub} unless configured), {@link #jwt()} the verified token.
 */
public final class JwtPrincipal implements Principal {
  private final String name;
  private final VerifiedJwt jwt;

  JwtPrincipal(String name, VerifiedJwt jwt) {
    this.name = Objects.requireNonNull(name, "name");
    this.jwt = Objects.requireNonNull(jwt, "jwt");
  }

  @Override
  public String getName() {
    return name;
  }

  /** Returns the verified token. */
  public VerifiedJwt jwt() {
    return jwt;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JwtPrincipal && ((JwtPrincipal) other).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** Returns the name only. */
  @Override
  public String toString() {
    return "JwtPrincipal[" + name + "]";
  }
}
