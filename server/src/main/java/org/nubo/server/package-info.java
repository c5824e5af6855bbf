/**
 * The Nubo server process: its configuration, the one wiring class that builds it, and the key
 * files it keeps apart from the database. Transports live in {@code http} and {@code ws}.
 */
@NullMarked
package org.nubo.server;

import org.jspecify.annotations.NullMarked;
