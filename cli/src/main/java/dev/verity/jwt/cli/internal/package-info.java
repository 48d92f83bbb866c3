/**
 * Helpers of the {@code verity} command: option parsing, key-source setup, token input and JSON
 * output. Not API; may change in any release.
 */
package dev.verity.jwt.cli.internal;
