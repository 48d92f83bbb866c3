package dev.verity.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A published key that will never verify is reported to the operator once per document read, at
 * WARN on {@code dev.verity.jwt.jwks}, with its {@code kid} escaped and the reason, and never with
 * key material. (Logback only here, through a {@link ListAppender}; core's other tests log
 * nothing.)
 */
class JwkParserLoggingTest {
  private static final String PRIVATE_EXPONENT = "c2VjcmV0LWQtdmFsdWUtbm90LWZvci1sb2dz";

  @Test
  void parseSet_keyWithPrivateMember_loggedOnceWithEscapedKidAndReasonOnly() {
    String leaked =
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"leaked\\nFAKE LOG LINE\","
            + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"d\":\""
            + PRIVATE_EXPONENT
            + "\"}";
    String good =
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"good\","
            + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";

    List<ILoggingEvent> events =
        logged(() -> JwkParser.parseSet("{\"keys\":[" + leaked + "," + good + "]}", false, 100));

    assertThat(events).hasSize(1);
    ILoggingEvent event = events.get(0);
    assertThat(event.getLevel()).isEqualTo(Level.WARN);
    assertThat(event.getFormattedMessage())
        .contains("\"leaked\\u000aFAKE LOG LINE\"")
        .contains("private member \"d\"")
        .doesNotContain("\n")
        .doesNotContain(PRIVATE_EXPONENT)
        .doesNotContain("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
  }

  @Test
  void parseSet_everyKeyUsable_logsNothing() {
    String good =
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"good\","
            + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";

    assertThat(logged(() -> JwkParser.parseSet("{\"keys\":[" + good + "]}", false, 100))).isEmpty();
  }

  private static List<ILoggingEvent> logged(Runnable action) {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.verity.jwt.jwks");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level level = logger.getLevel();
    logger.setLevel(Level.WARN);
    logger.addAppender(appender);
    try {
      action.run();
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }
    return appender.list;
  }
}
