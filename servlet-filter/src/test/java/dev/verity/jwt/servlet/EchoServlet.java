package dev.verity.jwt.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The application behind the filter in the tests: answers 200 with what it sees of the caller, one
 * {@code name=value} per line.
 */
final class EchoServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, jakarta.servlet.ServletException {
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    if (pathInfo.startsWith("/forward/")) {
      // A forward dispatch of an authenticated request: the filter must not verify it again.
      request
          .getRequestDispatcher(pathInfo.substring("/forward".length()))
          .forward(request, response);
      return;
    }
    StringBuilder body = new StringBuilder();
    body.append("path=")
        .append(request.getServletPath())
        .append(request.getPathInfo() == null ? "" : request.getPathInfo())
        .append('\n');
    body.append("user=").append(request.getRemoteUser()).append('\n');
    body.append("principal=")
        .append(request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName())
        .append('\n');
    body.append("authType=").append(request.getAuthType()).append('\n');
    body.append("admin=").append(request.isUserInRole("admin")).append('\n');
    body.append("orders:read=").append(request.isUserInRole("orders:read")).append('\n');
    body.append("attribute=")
        .append(request.getAttribute(BearerTokenFilter.VERIFIED_JWT_ATTRIBUTE) != null)
        .append('\n');
    if (pathInfo.startsWith("/auth/")) {
      body.append("authenticate=").append(request.authenticate(response)).append('\n');
      try {
        request.login("alice", "password");
        body.append("login=accepted\n");
      } catch (jakarta.servlet.ServletException refused) {
        body.append("login=refused\n");
      }
      request.logout();
      body.append("afterLogout=").append(request.getRemoteUser()).append('\n');
    }
    response.setStatus(200);
    response.setContentType("text/plain;charset=UTF-8");
    response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
