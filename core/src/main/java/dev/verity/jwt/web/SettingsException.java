package dev.verity.jwt.web;

/**
 * A configuration refused at start: the message names the setting as its source spells it ({@code
 * VERITY_LEEWAY_SECONDS}, {@code verity.leeway-seconds}) and says what is wrong. It never carries a
 * token, a secret or a credential: a value is shown only escaped and shortened, and not at all when
 * it is shaped like a token or is a URL with user info.
 */
public final class SettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  SettingsException(String setting, String problem) {
    super(setting + ": " + problem);
    this.setting = setting;
  }

  /** Returns the name of the setting at fault, as its source spells it. */
  public String setting() {
    return setting;
  }
}
