/**
 * The {@code ferry} command line (picocli): one class per verb, human output by default, {@code --json}
 * for scripts, a progress bar on a terminal, and one clear error line plus a non-zero exit on failure,
 * including when a running node it talks to sends nothing for {@code --timeout} seconds (30 by default).
 */
package io.ferry.cli;
