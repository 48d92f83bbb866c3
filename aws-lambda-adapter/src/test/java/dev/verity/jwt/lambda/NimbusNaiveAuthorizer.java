package dev.verity.jwt.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Set;

/**
 * What the cold start of {@code verity-authorizer.jar} is compared with ({@link LambdaColdStart}):
 * the authorizer a team writes with Nimbus JOSE+JWT and Jackson by following their documentation,
 * doing the same work (the same settings; RS256; issuer, audience and expiry checked; an IAM policy
 * allowing the method ARN). Not a product: a measuring stick, in test sources.
 */
public final class NimbusNaiveAuthorizer implements RequestStreamHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /** Reads the same {@code VERITY_*} variables; Nimbus fetches the key set on first use. */
  public NimbusNaiveAuthorizer() throws IOException {
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(new URL(System.getenv("VERITY_JWKS_URI"))).retrying(true).build();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            System.getenv("VERITY_AUDIENCE"),
            new JWTClaimsSet.Builder().issuer(System.getenv("VERITY_ISSUER")).build(),
            Set.of("sub", "exp")));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = MAPPER.readTree(input);
    String authorization =
        "TOKEN".equals(event.path("type").asText())
            ? event.path("authorizationToken").asText()
            : event.path("headers").path("Authorization").asText();
    String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : authorization;
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (Exception e) {
      throw new RuntimeException("Unauthorized");
    }
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("principalId", claims.getSubject());
    ObjectNode document = answer.putObject("policyDocument");
    document.put("Version", "2012-10-17");
    ObjectNode statement = document.putArray("Statement").addObject();
    statement.put("Action", "execute-api:Invoke");
    statement.put("Effect", "Allow");
    statement.putArray("Resource").add(event.path("methodArn").asText());
    MAPPER.writeValue(output, answer);
  }
}
