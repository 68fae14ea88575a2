package dev.vigil.cli.evaluate;

import java.nio.file.Path;

/**
 * One file of an evaluation set.
 *
 * @param file the file
 * @param display how it is named in messages
 * @param spoof the true label
 * @param source the breakdown group (the folder below {@code bonafide/} or {@code spoof/}, or the
 *     CSV's {@code source} column), or {@code -} when none
 */
record LabelledFile(Path file, String display, boolean spoof, String source) {}
