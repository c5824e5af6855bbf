package org.nubo.client;

/** Which way a message went. */
public enum Via {
  /** Not sent by any route yet. */
  NONE,
  /** Over IP, through the Nubo server. */
  IP,
  /** As an ordinary carrier SMS. */
  SMS
}
