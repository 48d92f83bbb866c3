package dev.verity.jwt.lambda.internal;

/**
 * IAM's resource wildcards: {@code *} matches any run of characters, none included and {@code /}
 * included, {@code ?} exactly one character (IAM User Guide, "IAM JSON policy elements: Resource").
 * Used to check a policy against the ARN it was made for before it is returned.
 */
public final class IamGlob {
  private IamGlob() {}

  /** Returns whether {@code pattern} matches the whole of {@code text}. */
  public static boolean matches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int starText = 0;
    while (t < text.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        starText = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++starText;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
