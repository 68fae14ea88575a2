/**
 * Audio decoding: {@link dev.vigil.runtime.decode.AudioDecoders#open} turns a file or an upload
 * into a {@link dev.vigil.runtime.decode.PcmStream} of float samples per channel, block by block.
 * WAV, FLAC, MP3 and Ogg Vorbis are decoded in Java by their own libraries (no {@code
 * javax.sound}), AAC by ffmpeg or JAAD behind a watchdog, anything else by an ffmpeg subprocess.
 * Every failure is an {@link dev.vigil.runtime.decode.AudioInputException} naming the input and the
 * problem.
 */
package dev.vigil.runtime.decode;
