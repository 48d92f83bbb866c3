package dev.verity.jwt.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.testsupport.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The typed handlers with the events and responses of {@code aws-lambda-java-events}, read and
 * written by the runtime's own serializer ({@code aws-lambda-java-serialization}'s {@code
 * JacksonFactory}, which the runtime client uses for these types), from AWS's sample events.
 */
class TypedHandlersTest {
  @RegisterExtension static final LoopbackIssuer issuer = new LoopbackIssuer();

  private static VerityAuthorizer verity(RoutePolicy policy, String... settings) {
    return new VerityAuthorizer(
        issuer.environment(settings),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        InstantSource.system(),
        policy);
  }

  private static <T> T read(Class<T> type, String json) {
    PojoSerializer<T> serializer = JacksonFactory.getInstance().getSerializer(type);
    return serializer.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> written(Object response) throws Exception {
    PojoSerializer<Object> serializer =
        (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(response.getClass());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer.toJson(response, out);
    return JsonUtil.parseJson(out.toString(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static String sample(String file, String authorization) throws Exception {
    Map<String, Object> event =
        new LinkedHashMap<>(JsonUtil.parseJson(TestData.read("apigw-events/" + file)));
    Map<String, Object> headers =
        new LinkedHashMap<>((Map<String, Object>) event.getOrDefault("headers", Map.of()));
    headers.put("authorization", authorization);
    event.put("headers", headers);
    if (event.get("identitySource") instanceof List) {
      event.put("identitySource", List.of(authorization));
    }
    return JsonUtil.toJson(event);
  }

  @Test
  @SuppressWarnings("unchecked")
  void rest_sampleEvent_iamPolicyV1AsTheRuntimeWritesIt() throws Exception {
    String json =
        sample(
            "rest-request-authorizer.awsdocs.json",
            "Bearer " + LoopbackIssuer.token("api_key", "k-1"));
    APIGatewayCustomAuthorizerEvent event = read(APIGatewayCustomAuthorizerEvent.class, json);

    Map<String, Object> answer =
        written(
            new VerityRestAuthorizer(verity(null, "VERITY_USAGE_IDENTIFIER_CLAIM", "api_key"))
                .handleRequest(event, null));

    assertThat(answer)
        .containsEntry("principalId", "alice")
        .containsEntry("usageIdentifierKey", "k-1");
    Map<String, Object> document = (Map<String, Object>) answer.get("policyDocument");
    assertThat(document).containsEntry("Version", "2012-10-17");
    Map<String, Object> allow = ((List<Map<String, Object>>) document.get("Statement")).get(0);
    assertThat(allow)
        .containsEntry("Effect", "Allow")
        .containsEntry("Action", "execute-api:Invoke");
    assertThat((List<String>) allow.get("Resource")).contains(event.getMethodArn());
  }

  @Test
  void rest_noToken_unauthorized() {
    APIGatewayCustomAuthorizerEvent event =
        read(
            APIGatewayCustomAuthorizerEvent.class,
            TestData.read("apigw-events/rest-token-authorizer.awsdocs.json"));

    assertThatThrownBy(() -> new VerityRestAuthorizer(verity(null)).handleRequest(event, null))
        .isInstanceOf(AuthorizerException.class)
        .hasMessage("Unauthorized");
  }

  @Test
  @SuppressWarnings("unchecked")
  void httpApi_sampleEvent_iamPolicyForTheRouteArn() throws Exception {
    String json =
        sample("http-api-v2-lambda-authorizer.awsdocs.json", "Bearer " + LoopbackIssuer.token());
    APIGatewayV2CustomAuthorizerEvent event = read(APIGatewayV2CustomAuthorizerEvent.class, json);

    Map<String, Object> answer =
        written(new VerityHttpApiAuthorizer(verity(null)).handleRequest(event, null));

    Map<String, Object> document = (Map<String, Object>) answer.get("policyDocument");
    Map<String, Object> allow = ((List<Map<String, Object>>) document.get("Statement")).get(0);
    assertThat((List<String>) allow.get("Resource")).contains(event.getRouteArn());
  }

  @Test
  void simpleHttpApi_contextAsStrings() throws Exception {
    String json =
        sample(
            "http-api-v2-lambda-authorizer.awsdocs.json",
            "Bearer " + LoopbackIssuer.token("level", 3));
    APIGatewayV2CustomAuthorizerEvent event = read(APIGatewayV2CustomAuthorizerEvent.class, json);

    Map<String, Object> answer =
        written(
            new VeritySimpleHttpApiAuthorizer(verity(null, "VERITY_CONTEXT_CLAIMS", "level"))
                .handleRequest(event, null));

    assertThat(answer)
        .containsEntry("isAuthorized", true)
        .containsEntry("context", Map.of("level", "3"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void routePolicy_refusesAfterTheRulesAndThePolicyNamesTheRouteAlone() throws Exception {
    RoutePolicy onlyFromTheOffice =
        (jwt, request) -> request.sourceIp().orElse("").startsWith("198.51.100.");
    String json =
        sample("rest-request-authorizer.awsdocs.json", "Bearer " + LoopbackIssuer.token());
    APIGatewayCustomAuthorizerEvent event = read(APIGatewayCustomAuthorizerEvent.class, json);

    Map<String, Object> answer =
        written(new VerityRestAuthorizer(verity(onlyFromTheOffice)).handleRequest(event, null));

    Map<String, Object> document = (Map<String, Object>) answer.get("policyDocument");
    List<Map<String, Object>> statements = (List<Map<String, Object>>) document.get("Statement");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0)).containsEntry("Effect", "Deny");
    assertThat((List<String>) statements.get(0).get("Resource"))
        .containsExactly(event.getMethodArn());
  }
}
