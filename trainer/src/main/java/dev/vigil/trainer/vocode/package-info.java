/**
 * Copy-synthesis: a real clip analysed and resynthesised by a signal-processing vocoder, an extra
 * spoof training source that needs no downloaded weights. {@link
 * dev.vigil.trainer.vocode.GriffinLim} inverts an 80-band log-mel spectrogram (mel to linear by
 * non-negative least squares, fast Griffin-Lim phase); {@link dev.vigil.trainer.vocode.LpcVocoder}
 * is a classic order-20 LPC vocoder (impulse train or noise through an all-pole filter). {@link
 * dev.vigil.trainer.vocode.CopySynthesis} names them; {@link
 * dev.vigil.trainer.vocode.CopySynthRenderer} renders the bona fide rows of a kit manifest.
 */
package dev.vigil.trainer.vocode;
