/**
 * The HTTPS control plane: JSON routes over Jetty's core handler API, one table that maps core
 * errors to statuses, and the OpenAPI document's counterpart.
 */
@NullMarked
package org.nubo.server.http;

import org.jspecify.annotations.NullMarked;
