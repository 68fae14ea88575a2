/**
 * Vigil's runtime: the path from audio bytes to a verdict. The packages follow the data: {@code
 * decode} → {@code resample} → {@code features} → {@code segment} → {@code model} → {@code
 * verdict}; {@link dev.vigil.runtime.Detector} composes them for callers.
 */
package dev.vigil.runtime;
