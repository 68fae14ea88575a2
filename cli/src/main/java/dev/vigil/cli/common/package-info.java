/**
 * What every command shares: the model options mixin ({@link dev.vigil.cli.common.ModelMixin}), the
 * verdict options mixin ({@link dev.vigil.cli.common.VerdictOptions}: threshold, operating point,
 * hop), the one-line user error ({@link dev.vigil.cli.common.CliException}) and the exit codes. A
 * leaf: it imports no command package.
 */
package dev.vigil.cli.common;
