/**
 * The {@code vigil} command line: {@link dev.vigil.cli.Vigil} wires the subcommands ({@code scan},
 * {@code info}, {@code evaluate}, {@code explain}, {@code bench}, {@code generate-completion}), the
 * shared options and the exit codes.
 */
package dev.vigil.cli;
