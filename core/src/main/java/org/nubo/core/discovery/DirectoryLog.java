package org.nubo.core.discovery;

/**
 * Port: which accounts can be discovered, and what changed when. The store records a change in the
 * same transaction that turns an account's messaging on or off, as the account's filter key (8 of
 * its token's 32 bytes; see {@code DirectoryFilter.keyOf}), under an increasing version. Old
 * changes are pruned; {@link #floor()} says from which version on the log is complete.
 */
public interface DirectoryLog {
  /** Every key with messaging on, as of {@code version}. */
  @SuppressWarnings("ArrayRecordComponent") // handed over once, read once
  record Keys(long version, long[] keys) {}

  /** What changed after some version, last change of each key winning. */
  @SuppressWarnings("ArrayRecordComponent") // handed over once, read once
  record Changes(long version, long[] added, long[] removed, boolean truncated) {}

  /** A consistent view of every registered key and the version it stands for. */
  Keys registeredKeys();

  /** The newest version (0 before any change). */
  long latestVersion();

  /** Changes after this version are all still in the log. */
  long floor();

  /**
   * The net changes after {@code since} up to the latest version; {@code truncated} (and no keys)
   * if more than {@code max} changes were made.
   */
  Changes changesSince(long since, int max);

  /** Forgets changes up to and including {@code version}, raising the floor to it. */
  void prune(long version);
}
