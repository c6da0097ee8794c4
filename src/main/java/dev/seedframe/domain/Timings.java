package dev.seedframe.domain;

/**
 * Where a generation's time went, in milliseconds.
 *
 * @param textEncodeMs prompt (and image) conditioning
 * @param denoiseMs the denoising loop
 * @param decodeMs VAE decode and post-processing
 * @param totalMs wall time of the whole generation
 */
public record Timings(long textEncodeMs, long denoiseMs, long decodeMs, long totalMs) {}
