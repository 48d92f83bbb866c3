package dev.verity.jwt.lambda;

import static dev.verity.jwt.lambda.Events.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verity.jwt.testsupport.LoopbackIssuer;
import dev.verity.jwt.testsupport.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream handler's answers compared field by field with the response shapes AWS documents (in
 * ../shared/testdata/apigw-events): every member written is one the documented shape has, with the
 * same JSON type; members the samples leave null ({@code Condition}, an empty {@code context}) are
 * left out, as the runtime's own serializer does; {@code Resource} is a list (API Gateway takes a
 * string or a list).
 */
class ResponseShapesTest {
  @RegisterExtension static final LoopbackIssuer issuer = new LoopbackIssuer();

  private static Map<String, Object> answer(String event, String... settings) throws Exception {
    VerityAuthorizer authorizer =
        new VerityAuthorizer(
            issuer.environment(settings),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            InstantSource.system());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    authorizer.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return JsonUtil.parseJson(out.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> documented(String file) throws Exception {
    return JsonUtil.parseJson(TestData.read("apigw-events/" + file));
  }

  /** Every member of {@code actual} is in {@code shape}, with the same JSON type, recursively. */
  @SuppressWarnings("unchecked")
  private static void assertSameShape(String path, Object actual, Object shape) {
    if (actual instanceof Map) {
      assertThat(shape).as(path).isInstanceOf(Map.class);
      Map<String, Object> documentedMembers = (Map<String, Object>) shape;
      for (Map.Entry<String, Object> member : ((Map<String, Object>) actual).entrySet()) {
        String at = path + "." + member.getKey();
        if (path.endsWith(".context")) {
          continue; // the context's keys are the user's own
        }
        assertThat(documentedMembers).as(at).containsKey(member.getKey());
        Object expected = documentedMembers.get(member.getKey());
        if (expected != null) {
          assertSameShape(at, member.getValue(), expected);
        }
      }
    } else if (actual instanceof List) {
      if (shape instanceof String) {
        ((List<Object>) actual)
            .forEach(item -> assertThat(item).as(path).isInstanceOf(String.class));
        return;
      }
      assertThat(shape).as(path).isInstanceOf(List.class);
      List<Object> documentedItems = (List<Object>) shape;
      for (Object item : (List<Object>) actual) {
        assertSameShape(path + "[]", item, documentedItems.get(0));
      }
    } else {
      assertThat(actual).as(path).isInstanceOf(shape.getClass());
    }
  }

  @Test
  void restAllow_shapeOfIamPolicyResponseV1() throws Exception {
    Map<String, Object> answer =
        answer(
            Events.restRequest("GET", "/", bearer(LoopbackIssuer.token("k", "key-1"))),
            "VERITY_USAGE_IDENTIFIER_CLAIM",
            "k");

    assertSameShape(
        "$", answer, documented("response-rest-iam-policy-v1-allow.aws-lambda-java-libs.json"));
    assertThat(answer).containsKeys("principalId", "policyDocument", "usageIdentifierKey");
  }

  @Test
  void restDeny_shapeOfTheDocumentedDeny() throws Exception {
    Map<String, Object> answer =
        answer(
            Events.restToken("Bearer " + LoopbackIssuer.token(), "GET", "/"),
            "VERITY_RULES",
            "GET /=admin");

    assertSameShape("$", answer, documented("response-rest-deny.awsdocs.json"));
  }

  @Test
  void httpApiIam_shapeOfIamPolicyResponse() throws Exception {
    Map<String, Object> answer =
        answer(
            Events.httpApiV2("GET", "/orders", "Bearer " + LoopbackIssuer.token()),
            "VERITY_HTTP_API_RESPONSE",
            "iam");

    assertSameShape(
        "$", answer, documented("response-http-api-iam-policy-allow.aws-lambda-java-libs.json"));
    assertThat(answer).doesNotContainKey("usageIdentifierKey");
  }

  @Test
  void httpApiSimple_shapesOfAllowAndDeny() throws Exception {
    Map<String, Object> allow =
        answer(
            Events.httpApiV2("GET", "/orders", "Bearer " + LoopbackIssuer.token()),
            "VERITY_CONTEXT_CLAIMS",
            "sub");
    Map<String, Object> deny =
        answer(
            Events.httpApiV2("GET", "/orders", "Bearer " + LoopbackIssuer.token()),
            "VERITY_RULES",
            "GET /orders=admin");

    assertSameShape("$", allow, documented("response-http-api-simple-allow.derived.json"));
    assertThat(deny).isEqualTo(documented("response-http-api-simple-deny.derived.json"));
  }
}
