package dev.verity.jwt;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Amazon Cognito user pools: the issuer and JWKS URL a pool id implies. Use with {@link
 * JwtVerifierBuilder#cognitoUserPool(String)}, {@link JwtVerifierBuilder#tokenUse} and {@link
 * JwtVerifierBuilder#clientIds}; for several pools, route one verifier per pool with {@link
 * JwtVerifier#multiIssuer()}.
 */
public final class Cognito {
  // <region>_<id>, e.g. us-east-1_AbC123 or ap-southeast-2_x9Y; the region also picks the host.
  private static final Pattern POOL_ID =
      Pattern.compile("([a-z]{2}(?:-[a-z]+)+-\\d{1,2})_[A-Za-z0-9]+");

  private Cognito() {}

  /**
   * Returns the issuer of a user pool: {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}.
   *
   * @throws IllegalArgumentException when the pool id is not of the form {@code region_id}
   */
  public static String issuer(String userPoolId) {
    return "https://cognito-idp." + region(userPoolId) + ".amazonaws.com/" + userPoolId;
  }

  /** Returns the JWKS URL of a user pool: the issuer plus {@code /.well-known/jwks.json}. */
  public static URI jwksUri(String userPoolId) {
    return URI.create(issuer(userPoolId) + "/.well-known/jwks.json");
  }

  /** Returns the AWS region a pool id names. */
  public static String region(String userPoolId) {
    Objects.requireNonNull(userPoolId, "userPoolId");
    var matcher = POOL_ID.matcher(userPoolId);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "not a Cognito user pool id (expected region_id, e.g. us-east-1_AbC123)");
    }
    return matcher.group(1);
  }
}
