/**
 * The {@code verity} command: verify and inspect JWTs from the shell. The entry point is {@link
 * dev.verity.jwt.cli.Verity}; the command line, its output and its exit statuses are the contract,
 * documented in {@code docs/cli.md}.
 */
package dev.verity.jwt.cli;
