/**
 * What every command shares: the model options mixin ({@link dev.vigil.cli.common.ModelMixin}), the
 * verdict options mixin ({@link dev.vigil.cli.common.VerdictOptions}: threshold, operating point,
 * hop), the one-line user error ({@link dev.vigil.cli.common.CliException}), the exit codes and
 * whether stdout or stderr is a terminal ({@link dev.vigil.cli.common.Tty}). A leaf: it imports no
 * command package.
 */
package dev.vigil.cli.common;
