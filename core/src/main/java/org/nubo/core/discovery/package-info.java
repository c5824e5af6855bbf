/**
 * Contact discovery: which of a device's contacts use Nubo, answered as account tokens. Numbers are
 * turned into tokens in memory and never stored or logged.
 */
@NullMarked
package org.nubo.core.discovery;

import org.jspecify.annotations.NullMarked;
