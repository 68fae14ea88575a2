/**
 * {@code vigil scan}: walking the inputs ({@link dev.vigil.cli.scan.FileWalker}), filtering and
 * sharding them, scoring them through the runtime's engine in input order, writing JSON lines, CSV
 * or a table, and resuming an interrupted scan.
 */
package dev.vigil.cli.scan;
