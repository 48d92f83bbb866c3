package dev.verity.jwt.lambda.internal;

import java.util.List;

/**
 * An {@code execute-api} ARN as API Gateway names the method or route it asks about: {@code
 * arn:PARTITION:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH} for REST and HTTP APIs, {@code
 * .../STAGE/ROUTE-KEY} ({@code $connect}, {@code $default}) otherwise.
 *
 * @param stagePrefix everything up to and including the {@code /} after the stage, the common
 *     prefix of every resource of the stage's policy
 * @param method the HTTP method, or null when the ARN names a route key instead
 * @param path the resource path after the method, with a leading {@code /} ({@code /} for the
 *     root), or null with no method
 */
public record ExecuteApiArn(String stagePrefix, String method, String path) {
  /**
   * The methods an ARN may name (API Gateway's {@code ANY} arrives as the request's own method); a
   * WebSocket or default route key names none.
   */
  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /**
   * Parses an ARN.
   *
   * @throws IllegalArgumentException when the text is not an {@code execute-api} ARN with an API
   *     and a stage
   */
  public static ExecuteApiArn parse(String arn) {
    if (!arn.startsWith("arn:")) {
      throw new IllegalArgumentException("not an ARN");
    }
    int colon = -1;
    for (int i = 0; i < 5; i++) {
      colon = arn.indexOf(':', colon + 1);
      if (colon < 0) {
        throw new IllegalArgumentException("not an ARN");
      }
    }
    String[] head = arn.substring(0, colon).split(":", -1);
    if (!head[2].equals("execute-api")) {
      throw new IllegalArgumentException("not an execute-api ARN");
    }
    String resource = arn.substring(colon + 1);
    int apiEnd = resource.indexOf('/');
    int stageEnd = apiEnd < 0 ? -1 : resource.indexOf('/', apiEnd + 1);
    if (apiEnd <= 0 || stageEnd <= apiEnd + 1) {
      throw new IllegalArgumentException("the ARN names no API and stage");
    }
    String prefix = arn.substring(0, colon + 1 + stageEnd + 1);
    String rest = arn.substring(prefix.length());
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    if (slash < 0 || !METHODS.contains(first)) {
      return new ExecuteApiArn(prefix, null, null);
    }
    return new ExecuteApiArn(prefix, first, rest.substring(slash));
  }
}
