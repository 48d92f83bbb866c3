package dev.verity.jwt.lambda;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.web.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of docs/lambda-authorizer.md, as they are written there, so that a snippet that
 * no longer compiles fails the build. Unconfigured (no {@code VERITY_*} variables here), each fails
 * at construction naming the missing setting, as a function would fail its init.
 */
class DocSnippetsTest {
  /** "Your own function". */
  public static final class OrdersAuthorizer implements RequestStreamHandler {
    // Custom logic after the rules: it can only refuse more.
    private final VerityAuthorizer verity =
        new VerityAuthorizer((jwt, request) -> !request.sourceIp().orElse("").startsWith("10."));

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context)
        throws IOException {
      verity.handleRequest(in, out, context);
    }
  }

  /** "Lambda backends without an authorizer". */
  public static final class OrdersFunction implements RequestStreamHandler {
    private final ProxyAuthenticator auth = new ProxyAuthenticator(); // at init

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context)
        throws IOException {
      ProxyAuthenticator.Result result = auth.authenticate(in);
      if (!result.authenticated()) { // 401, 400, 403 or 503, with WWW-Authenticate (RFC 6750)
        out.write(result.responseJson().orElseThrow().getBytes(StandardCharsets.UTF_8));
        return;
      }
      VerifiedJwt jwt = result.jwt().orElseThrow();
      // ... the function's own work, as jwt.subject()
    }
  }

  @Test
  void snippets_withoutSettings_failInitNamingTheMissingSetting() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv().keySet().stream().noneMatch(name -> name.startsWith("VERITY_")),
        "VERITY_* variables are set in this environment");
    assertThatThrownBy(OrdersAuthorizer::new)
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("VERITY_ISSUER: no issuer");
    assertThatThrownBy(OrdersFunction::new)
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("VERITY_ISSUER: no issuer");
  }
}
