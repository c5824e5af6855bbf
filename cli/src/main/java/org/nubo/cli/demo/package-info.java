/**
 * The demo world on loopback: the carrier simulator, a real server, simulated phones with
 * degradable network links, the scripted tour, and the web page that shows the phones side by side.
 */
@NullMarked
package org.nubo.cli.demo;

import org.jspecify.annotations.NullMarked;
