/**
 * The {@code nubo} command: {@code server}, {@code carrier}, {@code phone} and {@code demo}. Each
 * subcommand is a thin shell over the modules it starts; output is for people, errors say what to
 * do next.
 */
@NullMarked
package org.nubo.cli;

import org.jspecify.annotations.NullMarked;
