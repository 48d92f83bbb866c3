package dev.verity.jwt;

/** The Amazon Cognito {@code token_use} claim: which kind of token a verifier accepts. */
public enum TokenUse {
  /** An ID token: {@code token_use: "id"}, client id carried in {@code aud}. */
  ID("id"),
  /** An access token: {@code token_use: "access"}, client id carried in {@code client_id}. */
  ACCESS("access");

  private final String claimValue;

  TokenUse(String claimValue) {
    this.claimValue = claimValue;
  }

  /** Returns the value of the {@code token_use} claim, {@code "id"} or {@code "access"}. */
  public String claimValue() {
    return claimValue;
  }
}
