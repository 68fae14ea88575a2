/** {@code vigil info}: everything a model file says about itself. */
package dev.vigil.cli.info;
