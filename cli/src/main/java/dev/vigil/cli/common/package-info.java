/**
 * What every command shares: the model options mixin ({@link dev.vigil.cli.common.ModelMixin}), the
 * one-line user error ({@link dev.vigil.cli.common.CliException}), exit codes and decoding to a
 * mono array for the commands that look at raw audio. A leaf: it imports no command package.
 */
package dev.vigil.cli.common;
