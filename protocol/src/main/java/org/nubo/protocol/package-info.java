/**
 * Wire types and codecs shared by the device SDK and the server: the protobuf frames of the data
 * plane ({@code org.nubo.protocol.wire}), the JSON bodies of the control plane, and the compact
 * message-id tag that a fallback SMS carries. No I/O lives here.
 */
@NullMarked
package org.nubo.protocol;

import org.jspecify.annotations.NullMarked;
