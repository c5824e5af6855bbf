/**
 * Reachability for the blue/gray indicator: an ephemeral probe that only a connected device of the
 * target answers, always answered after the same window when nobody does.
 */
@NullMarked
package org.nubo.core.presence;

import org.jspecify.annotations.NullMarked;
