package dev.verity.jwt.web;

import java.util.Locale;

/**
 * One flat setting of the configuration without code, with the adapters that use it. The names are
 * the settings' own ({@code jwks-uri}); {@link VeritySettings.Source} spells them for the
 * environment ({@code VERITY_JWKS_URI}) or for init parameters and system properties ({@code
 * verity.jwks-uri}).
 */
enum Setting {
  ISSUER("issuer", true, true),
  AUDIENCE("audience", true, true),
  JWKS_URI("jwks-uri", true, true),
  OIDC_ISSUER("oidc-issuer", true, true),
  COGNITO_USER_POOL_ID("cognito-user-pool-id", true, true),
  CLIENT_ID("client-id", true, true),
  TOKEN_USE("token-use", true, true),
  ALGORITHMS("algorithms", true, true),
  LEEWAY_SECONDS("leeway-seconds", true, true),
  MAX_AGE_SECONDS("max-age-seconds", true, true),
  MAX_TOKEN_BYTES("max-token-bytes", true, true),
  TYP("typ", true, true),
  REQUIRED_SCOPES("required-scopes", true, true),
  REQUIRED_CLAIMS("required-claims", true, true),
  JWKS_SEED("jwks-seed", true, true),
  PRINCIPAL_CLAIM("principal-claim", true, true),
  ROLES_CLAIM("roles-claim", true, true),
  CONTEXT_CLAIMS("context-claims", true, false),
  RULES("rules", true, true),
  QUERY_TOKEN("query-token", true, true),
  PUBLIC_PATHS("public-paths", false, true),
  REALM("realm", false, true),
  HTTP_API_RESPONSE("http-api-response", true, false),
  USAGE_IDENTIFIER_CLAIM("usage-identifier-claim", true, false),
  ERROR_BODY("error-body", false, true),
  CORS_ORIGINS("cors-origins", false, true),
  RESOURCE("resource", false, true);

  private final String name;
  private final boolean lambda;
  private final boolean servlet;

  Setting(String name, boolean lambda, boolean servlet) {
    this.name = name;
    this.lambda = lambda;
    this.servlet = servlet;
  }

  /** The setting's own name, lower case with dashes ({@code jwks-uri}). */
  String settingName() {
    return name;
  }

  /** The environment variable's name ({@code VERITY_JWKS_URI}). */
  String environmentName() {
    return "VERITY_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The init parameter's or system property's name ({@code verity.jwks-uri}). */
  String propertyName() {
    return "verity." + name;
  }

  /** Whether the adapter reads this setting. */
  boolean usedBy(VeritySettings.Adapter adapter) {
    return adapter == VeritySettings.Adapter.LAMBDA_AUTHORIZER ? lambda : servlet;
  }
}
