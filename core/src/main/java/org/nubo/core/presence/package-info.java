/**
 * Reachability for the blue/gray indicator: an ephemeral probe that only a connected device of the
 * target answers, always answered after the same window when nobody does. Sealed probes name no
 * asker and reach the target only with its delivery token or within its stranger allowance.
 */
@NullMarked
package org.nubo.core.presence;

import org.jspecify.annotations.NullMarked;
