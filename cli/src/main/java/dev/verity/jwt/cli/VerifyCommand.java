package dev.verity.jwt.cli;

import dev.verity.jwt.Algorithm;
import dev.verity.jwt.JwtVerificationException;
import dev.verity.jwt.JwtVerifier;
import dev.verity.jwt.JwtVerifierBuilder;
import dev.verity.jwt.TokenUse;
import dev.verity.jwt.VerifiedJwt;
import dev.verity.jwt.cli.internal.Converters;
import dev.verity.jwt.cli.internal.JsonLines;
import dev.verity.jwt.cli.internal.KeySourceOptions;
import dev.verity.jwt.cli.internal.Streams;
import dev.verity.jwt.cli.internal.TokenReader;
import dev.verity.jwt.cli.internal.UsageException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code verity verify}: verifies one token (argument or standard input) or, with {@code --batch},
 * one token per line of standard input, and answers each with one JSON line.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Verify tokens: signature, algorithm, key and claims; one JSON line each.",
    sortOptions = false,
    description = {
      "Verify a JWT's signature and claims; print one JSON line per token:",
      "  {\"valid\":true,\"header\":{...},\"claims\":{...}}",
      "  {\"valid\":false,\"error\":{\"code\":\"EXPIRED\",\"message\":\"...\"}}",
      "Exactly one key source is required, and the issuer and audience checks must be",
      "configured or explicitly waived."
    },
    footer = {
      "",
      "Exit status: 0 valid; 1 invalid; with --batch 0 once every line is answered;",
      "2 usage or configuration error (one line on standard error)."
    })
final class VerifyCommand implements Callable<Integer> {
  /** Answer code for a failure inside Verity itself; not one of the library's ErrorCode values. */
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private final Streams streams;
  private boolean internalErrorReported;

  @Option(
      names = "--jwks",
      paramLabel = "PATH|URL",
      description =
          "JWK Set file (oct keys allowed), or an https URL (http only to loopback),"
              + " fetched and cached by the remote JWKS source.")
  String jwks;

  @Option(
      names = "--oidc-issuer",
      paramLabel = "URL",
      description = "OIDC issuer whose discovery document names the JWK Set (still give --issuer).")
  String oidcIssuer;

  @Option(
      names = "--cognito",
      paramLabel = "POOL_ID",
      description =
          "Amazon Cognito user pool id (us-east-1_AbC123): its JWK Set (still give --issuer).")
  String cognitoPoolId;

  @Option(
      names = "--secret-file",
      paramLabel = "PATH",
      description = "File holding the raw HMAC secret bytes (used as is, newline included).")
  String secretFile;

  @Option(
      names = "--issuer",
      paramLabel = "ISS",
      description = "Allowed iss, exact match (repeatable: any of).")
  List<String> issuers = new ArrayList<>();

  @Option(names = "--any-issuer", description = "Waive the issuer check (any or no iss).")
  boolean anyIssuer;

  @Option(
      names = "--audience",
      paramLabel = "AUD",
      description = "Allowed aud value, exact match (repeatable: any of).")
  List<String> audiences = new ArrayList<>();

  @Option(
      names = "--client-id",
      paramLabel = "ID",
      description =
          "Allowed client id (repeatable): client_id with --token-use access, aud with id,"
              + " either without --token-use.")
  List<String> clientIds = new ArrayList<>();

  @Option(names = "--any-audience", description = "Waive the audience check (any or no aud).")
  boolean anyAudience;

  @Option(
      names = "--token-use",
      paramLabel = "id|access",
      converter = Converters.TokenUseName.class,
      description = "Required Cognito token_use.")
  TokenUse tokenUse;

  @Option(
      names = "--alg",
      paramLabel = "ALG",
      converter = Converters.AlgorithmName.class,
      description = "Allowed algorithm, case-sensitive (repeatable); default RS256.")
  List<Algorithm> algorithms = new ArrayList<>();

  @Option(
      names = "--typ",
      paramLabel = "TYP",
      description = "Required typ header (case-insensitive, application/ optional).")
  String type;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      description = "Required scope in scope/scp (repeatable: all required).")
  List<String> scopes = new ArrayList<>();

  @Option(
      names = "--require",
      paramLabel = "CLAIM",
      description = "Claim that must be present and not null (repeatable).")
  List<String> requiredClaims = new ArrayList<>();

  @Option(
      names = "--leeway",
      paramLabel = "SECONDS",
      converter = Converters.Seconds.class,
      description = "Clock leeway for exp, nbf, iat and max age; default 60.")
  Duration leeway;

  @Option(
      names = "--max-age",
      paramLabel = "SECONDS",
      converter = Converters.Seconds.class,
      description = "Reject tokens whose iat is older than this (iat becomes required).")
  Duration maxAge;

  @Option(
      names = "--max-token-bytes",
      paramLabel = "N",
      converter = Converters.TokenBytes.class,
      description = "Largest token accepted, in bytes (16 to 1048576); default 16384.")
  Integer maxTokenBytes;

  @Option(
      names = "--now",
      paramLabel = "EPOCH_SECONDS",
      converter = Converters.EpochSeconds.class,
      description = "Check time claims at this instant (seconds, up to 9 decimals).")
  Instant now;

  @Option(
      names = "--batch",
      description =
          "Read tokens from standard input, one per line (surrounding white space stripped);"
              + " answer every line, in order.")
  boolean batch;

  @Parameters(
      arity = "0..1",
      paramLabel = "TOKEN",
      description =
          "The token, used exactly as given. Absent or '-': read one token from standard input"
              + " (surrounding white space stripped).")
  String token;

  VerifyCommand(Streams streams) {
    this.streams = streams;
  }

  @Override
  public Integer call() {
    JwtVerifier verifier;
    try {
      verifier = buildVerifier();
    } catch (UsageException e) {
      streams.error(e.getMessage());
      return Verity.USAGE;
    }
    return verifyInput(verifier);
  }

  /** Reads the token or tokens, verifies each with {@code verifier} and writes the answers. */
  int verifyInput(JwtVerifier verifier) {
    JsonLines answers = new JsonLines(streams.out());
    try {
      return batch ? verifyBatch(verifier, answers) : verifySingle(verifier, answers);
    } catch (IOException | UncheckedIOException e) {
      streams.error("cannot read standard input or write standard output: " + e.getMessage());
      return Verity.USAGE;
    }
  }

  /**
   * Checks the options and maps them onto the core builder, one setting per option.
   *
   * @throws UsageException when the options contradict each other or can never verify a token
   */
  JwtVerifier buildVerifier() {
    if (batch && token != null) {
      throw new UsageException("--batch reads tokens from standard input; give no TOKEN argument");
    }
    KeySourceOptions keySource = KeySourceOptions.of(jwks, oidcIssuer, cognitoPoolId, secretFile);
    keySource.requireSupported();
    checkWaivers();

    Set<Algorithm> allowed =
        algorithms.isEmpty() ? EnumSet.of(Algorithm.RS256) : EnumSet.copyOf(algorithms);
    JwtVerifierBuilder builder = JwtVerifier.builder();
    try {
      if (anyIssuer) {
        builder.anyIssuer();
      } else {
        builder.issuers(issuers);
      }
      if (anyAudience) {
        builder.anyAudience();
      } else {
        if (!audiences.isEmpty()) {
          builder.audiences(audiences);
        }
        if (!clientIds.isEmpty()) {
          builder.clientIds(clientIds.toArray(String[]::new));
        }
      }
      if (tokenUse != null) {
        builder.tokenUse(tokenUse);
      }
      builder.algorithms(allowed);
      if (leeway != null) {
        builder.leeway(leeway);
      }
      if (maxAge != null) {
        builder.maxAge(maxAge);
      }
      if (type != null) {
        builder.type(type);
      }
      if (!requiredClaims.isEmpty()) {
        builder.requireClaims(requiredClaims.toArray(String[]::new));
      }
      if (!scopes.isEmpty()) {
        builder.requireScopes(scopes.toArray(String[]::new));
      }
      if (maxTokenBytes != null) {
        builder.maxTokenBytes(maxTokenBytes);
      }
      if (now != null) {
        builder.clock(InstantSource.fixed(now));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException("invalid option value: " + e.getMessage());
    }
    // Last: opening the key source reads files, after every cheap check has passed.
    builder.keys(keySource.open(allowed));
    JwtVerifier verifier;
    try {
      verifier = builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException("invalid configuration: " + e.getMessage());
    }
    // The library's own check that some token could verify; it also fetches remote keys once.
    // An unreachable source is not refused: each token is then answered JWKS_UNAVAILABLE.
    try {
      verifier.prime();
    } catch (IllegalStateException e) {
      throw new UsageException(
          keySource.describe() + " cannot verify any token: " + e.getMessage());
    }
    return verifier;
  }

  /** An absent issuer or audience rule must be waived explicitly, never silently (docs/cli.md). */
  private void checkWaivers() {
    if (!issuers.isEmpty() && anyIssuer) {
      throw new UsageException("--issuer and --any-issuer contradict each other; give one");
    }
    if (issuers.isEmpty() && !anyIssuer) {
      throw new UsageException(
          "no --issuer: name the trusted issuer, or waive the check with --any-issuer");
    }
    if ((!audiences.isEmpty() || !clientIds.isEmpty()) && anyAudience) {
      throw new UsageException(
          "--audience/--client-id and --any-audience contradict each other; give one");
    }
    if (audiences.isEmpty() && clientIds.isEmpty() && !anyAudience) {
      throw new UsageException(
          "no --audience or --client-id: name the expected audience,"
              + " or waive the check with --any-audience");
    }
  }

  private int verifySingle(JwtVerifier verifier, JsonLines answers) throws IOException {
    String input = token;
    if (input == null || input.equals("-")) {
      streams.hintIfTerminal(
          "reading one token from standard input: paste it, press Enter, then Ctrl-D");
      input = reader(false).next();
      if (input == null) {
        input = "";
      }
    }
    boolean valid = answer(verifier, input, answers, 1);
    answers.flush();
    return valid ? Verity.OK : Verity.INVALID;
  }

  private int verifyBatch(JwtVerifier verifier, JsonLines answers) throws IOException {
    streams.hintIfTerminal("reading tokens from standard input, one per line; end with Ctrl-D");
    TokenReader lines = reader(true);
    long lineNumber = 0;
    for (String line = lines.next(); line != null; line = lines.next()) {
      answer(verifier, line, answers, ++lineNumber);
    }
    answers.flush();
    return Verity.OK;
  }

  private TokenReader reader(boolean oneTokenPerLine) {
    int limit = maxTokenBytes == null ? JwtVerifierBuilder.DEFAULT_MAX_TOKEN_BYTES : maxTokenBytes;
    return new TokenReader(
        new InputStreamReader(streams.in(), StandardCharsets.UTF_8),
        limit,
        oneTokenPerLine,
        streams.out());
  }

  /** Verifies one token and writes its answer line; returns whether it is valid. */
  private boolean answer(JwtVerifier verifier, String input, JsonLines answers, long lineNumber)
      throws IOException {
    if (input.isEmpty()) {
      answers.invalid("MALFORMED", "no token: the input is empty");
      return false;
    }
    try {
      VerifiedJwt jwt = verifier.verify(input);
      answers.valid(jwt.headerJson(), jwt.claimsJson());
      return true;
    } catch (JwtVerificationException e) {
      answers.invalid(e.code().name(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      // A bug in Verity must not end a batch or print a trace; the token is not accepted.
      if (!internalErrorReported) {
        internalErrorReported = true;
        streams.error(
            "internal error verifying token "
                + lineNumber
                + " ("
                + e.getClass().getName()
                + "); such tokens are answered "
                + INTERNAL_ERROR);
      }
      answers.invalid(INTERNAL_ERROR, "internal error in Verity; the token is not accepted");
      return false;
    }
  }
}
