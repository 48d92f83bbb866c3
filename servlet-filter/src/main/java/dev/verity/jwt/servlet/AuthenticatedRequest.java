package dev.verity.jwt.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Set;

/**
 * The request as the application sees it once {@link BearerTokenFilter} has let it through: the
 * principal, the remote user (the principal claim), roles (from the roles claim, and every scope)
 * and the auth type {@code BEARER}. {@code authenticate} answers true (the bearer token already
 * authenticated the request); {@code login} is refused (a bearer token is not a password); {@code
 * logout} has nothing to end, the token living with the client until it expires.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  private final JwtPrincipal principal;
  private final Set<String> roles;

  AuthenticatedRequest(HttpServletRequest request, JwtPrincipal principal, Set<String> roles) {
    super(request);
    this.principal = principal;
    this.roles = Set.copyOf(roles);
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.getName();
  }

  @Override
  public boolean isUserInRole(String role) {
    return role != null && roles.contains(role);
  }

  @Override
  public String getAuthType() {
    return BearerTokenFilter.AUTH_TYPE;
  }

  @Override
  public boolean authenticate(HttpServletResponse response) {
    return true;
  }

  @Override
  public void login(String username, String password) throws ServletException {
    throw new ServletException("a bearer-token request cannot log in with a password");
  }

  @Override
  public void logout() {
    // Nothing server-side to end: the token is the client's until it expires.
  }
}
