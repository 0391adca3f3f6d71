/**
 * The {@code ferry} command line (picocli): one class per verb, human output by default, {@code --json}
 * for scripts, a progress bar on a terminal, and one clear error line plus a non-zero exit on failure.
 */
package io.ferry.cli;
