/**
 * JSON bodies of the control plane (HTTPS REST). Each record is one request or response body of a
 * route in {@code docs/openapi.yaml}; field names are the JSON names.
 */
@NullMarked
package org.nubo.protocol.api;

import org.jspecify.annotations.NullMarked;
