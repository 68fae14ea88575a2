/**
 * Class-balanced training batches, built by worker threads into a bounded prefetch queue so that
 * training steps do not wait on decoding, cropping, augmentation and spectrograms. Batch k of an
 * epoch depends only on (seed, epoch, k), so a resumed run sees the same batches.
 */
package dev.vigil.trainer.batch;
