/**
 * Storage adapters for a single machine: SQLite in WAL mode, with versioned migrations applied at
 * start. They implement the core's ports and throw only the core's {@code StorageException}.
 */
@NullMarked
package org.nubo.store.embedded;

import org.jspecify.annotations.NullMarked;
