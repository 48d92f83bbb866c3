package dev.verity.jwt.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.verity.jwt.lambda.internal.CachePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link VerityAuthorizer} for teams writing a function in Java with {@code
 * aws-lambda-java-events}: REST {@code TOKEN} and {@code REQUEST}, WebSocket {@code $connect} and
 * HTTP API payload 1.0 events in, {@link IamPolicyResponseV1} out, through the same decision path,
 * settings and policies. Put {@code aws-lambda-java-events} on the function's class path (it is not
 * in {@code verity-authorizer.jar}).
 */
public final class VerityRestAuthorizer
    implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
  private final VerityAuthorizer verity;

  /**
   * Reads the {@code VERITY_*} environment variables, as {@link
   * VerityAuthorizer#VerityAuthorizer()}.
   */
  public VerityRestAuthorizer() {
    this(new VerityAuthorizer());
  }

  /** Decides with {@code verity} (for example one made with a {@link RoutePolicy}). */
  public VerityRestAuthorizer(VerityAuthorizer verity) {
    this.verity = java.util.Objects.requireNonNull(verity, "verity");
  }

  /**
   * Answers one event.
   *
   * @throws AuthorizerException {@code Unauthorized} (401), or another message (500)
   */
  @Override
  public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
    VerityAuthorizer.Answer answer =
        verity.answer(
            TypedEvents.raw(event), context == null ? null : context.getAwsRequestId(), false);
    CachePolicy policy = answer.policy();
    List<IamPolicyResponseV1.Statement> statements = new ArrayList<>();
    if (!policy.allow().isEmpty()) {
      statements.add(statement(IamPolicyResponseV1.ALLOW, policy.allow()));
    }
    if (!policy.deny().isEmpty()) {
      statements.add(statement(IamPolicyResponseV1.DENY, policy.deny()));
    }
    return IamPolicyResponseV1.builder()
        .withPrincipalId(answer.principalId())
        .withPolicyDocument(
            IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                .withStatement(statements)
                .build())
        .withContext(answer.context().isEmpty() ? null : answer.context())
        .withUsageIdentifierKey(answer.usageKey())
        .build();
  }

  private static IamPolicyResponseV1.Statement statement(String effect, List<String> resources) {
    return IamPolicyResponseV1.Statement.builder()
        .withAction(IamPolicyResponseV1.EXECUTE_API_INVOKE)
        .withEffect(effect)
        .withResource(resources)
        .build();
  }
}
