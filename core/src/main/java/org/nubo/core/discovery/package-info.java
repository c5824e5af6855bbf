/**
 * Private contact discovery: blinded OPRF evaluations under per-account and per-address limits
 * ({@link org.nubo.core.discovery.Evaluations}), and the directory filter phones download to check
 * their contacts' tokens locally ({@link org.nubo.core.discovery.DirectoryFilters}). The server
 * never receives a number or learns which tokens a phone checks.
 */
@NullMarked
package org.nubo.core.discovery;

import org.jspecify.annotations.NullMarked;
