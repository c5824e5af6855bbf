package org.nubo.server;

/** The configuration is unusable; the message names the key and what it expects. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
