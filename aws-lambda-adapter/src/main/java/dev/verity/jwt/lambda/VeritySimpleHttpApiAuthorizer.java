package dev.verity.jwt.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link VerityAuthorizer} for HTTP API payload 2.0 events with {@code aws-lambda-java-events},
 * answering with the simple response ({@link SimpleIAMPolicyResponse}). That type's {@code context}
 * holds strings only, so numbers and booleans arrive as their JSON text; the stream handler keeps
 * their types. A simple response cannot name routes: with route rules, put {@code
 * $context.routeKey} among the authorizer's identity sources, or turn its cache off.
 */
public final class VeritySimpleHttpApiAuthorizer
    implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
  private final VerityAuthorizer verity;

  /** Reads the {@code VERITY_*} environment variables. */
  public VeritySimpleHttpApiAuthorizer() {
    this(new VerityAuthorizer());
  }

  /** Decides with {@code verity} (for example one made with a {@link RoutePolicy}). */
  public VeritySimpleHttpApiAuthorizer(VerityAuthorizer verity) {
    this.verity = java.util.Objects.requireNonNull(verity, "verity");
  }

  /**
   * Answers one event.
   *
   * @throws AuthorizerException {@code Unauthorized} (401), or another message (500)
   */
  @Override
  public SimpleIAMPolicyResponse handleRequest(
      APIGatewayV2CustomAuthorizerEvent event, Context context) {
    VerityAuthorizer.Answer answer =
        verity.answer(
            TypedEvents.raw(event), context == null ? null : context.getAwsRequestId(), true);
    Map<String, String> strings = null;
    if (answer.allowed() && !answer.context().isEmpty()) {
      strings = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : answer.context().entrySet()) {
        strings.put(entry.getKey(), String.valueOf(entry.getValue()));
      }
    }
    return SimpleIAMPolicyResponse.builder()
        .withIsAuthorized(answer.allowed())
        .withContext(strings)
        .build();
  }
}
