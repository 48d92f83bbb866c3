package dev.verity.jwt.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import dev.verity.jwt.lambda.internal.CachePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link VerityAuthorizer} for HTTP API payload 2.0 events with {@code aws-lambda-java-events},
 * answering with an IAM policy ({@link IamPolicyResponse}), whatever {@code http-api-response}
 * says. For the simple response use {@link VeritySimpleHttpApiAuthorizer}.
 */
public final class VerityHttpApiAuthorizer
    implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, IamPolicyResponse> {
  private final VerityAuthorizer verity;

  /** Reads the {@code VERITY_*} environment variables. */
  public VerityHttpApiAuthorizer() {
    this(new VerityAuthorizer());
  }

  /** Decides with {@code verity} (for example one made with a {@link RoutePolicy}). */
  public VerityHttpApiAuthorizer(VerityAuthorizer verity) {
    this.verity = java.util.Objects.requireNonNull(verity, "verity");
  }

  /**
   * Answers one event.
   *
   * @throws AuthorizerException {@code Unauthorized} (401), or another message (500)
   */
  @Override
  public IamPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
    VerityAuthorizer.Answer answer =
        verity.answer(
            TypedEvents.raw(event), context == null ? null : context.getAwsRequestId(), false);
    CachePolicy policy = answer.policy();
    List<IamPolicyResponse.Statement> statements = new ArrayList<>();
    if (!policy.allow().isEmpty()) {
      statements.add(statement(IamPolicyResponse.ALLOW, policy.allow()));
    }
    if (!policy.deny().isEmpty()) {
      statements.add(statement(IamPolicyResponse.DENY, policy.deny()));
    }
    return IamPolicyResponse.builder()
        .withPrincipalId(answer.principalId())
        .withPolicyDocument(
            IamPolicyResponse.PolicyDocument.builder()
                .withVersion(IamPolicyResponse.VERSION_2012_10_17)
                .withStatement(statements)
                .build())
        .withContext(answer.context().isEmpty() ? null : answer.context())
        .build();
  }

  private static IamPolicyResponse.Statement statement(String effect, List<String> resources) {
    return IamPolicyResponse.Statement.builder()
        .withAction(IamPolicyResponse.EXECUTE_API_INVOKE)
        .withEffect(effect)
        .withResource(resources)
        .build();
  }
}
