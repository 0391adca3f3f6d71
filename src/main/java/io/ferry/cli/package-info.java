/**
 * The {@code ferry} command line (picocli): one class per verb, human output by default, {@code --json}
 * for scripts, a progress bar on a terminal, and one clear error line plus a non-zero exit on failure,
 * including when a running node it talks to sends nothing for {@code --timeout} seconds (30 by default).
 * Every command is a cold JVM, so start-up is kept short: {@link io.ferry.cli.Main} builds only the verb
 * the arguments name, and a verb opens the data directory (SQLite, the node's services) only when no node
 * answers on its socket; bin/ferry adds a class-data sharing archive and the client compiler (README).
 */
package io.ferry.cli;
