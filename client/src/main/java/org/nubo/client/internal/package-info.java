/**
 * Implementation details of the SDK (TLS pinning, reconnect backoff). Not an API: anything here may
 * change in any release.
 */
@NullMarked
package org.nubo.client.internal;

import org.jspecify.annotations.NullMarked;
