/**
 * The delivery contract: offers a message to the recipient's connected devices and decides once,
 * within the window, delivered or not. Payloads live in memory until the decision and nowhere else.
 */
@NullMarked
package org.nubo.core.relay;

import org.jspecify.annotations.NullMarked;
