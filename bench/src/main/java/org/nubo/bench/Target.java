package org.nubo.bench;

/** What the load generator drives: the real server, or one of the three spike servers. */
public enum Target {
  /** The real Nubo server, {@code org.nubo.cli.Main server}, with enrolled devices. */
  NUBO,
  /** {@link org.nubo.bench.spike.JettySpikeServer}: the relay core only, on Jetty 12. */
  JETTY,
  /** {@link org.nubo.bench.spike.HelidonSpikeServer}: the relay core only, on Helidon 4. */
  HELIDON,
  /** {@link org.nubo.bench.spike.NettySpikeServer}: the relay core only, on Netty 4.2. */
  NETTY
}
