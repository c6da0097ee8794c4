package dev.seedframe.domain;

/**
 * One pipeline component as loaded.
 *
 * @param name folder name ("transformer")
 * @param className the class its config names ("QwenImageTransformer2DModel")
 * @param configSha256 SHA-256 of its config file(s)
 * @param weightsFingerprint cheap fingerprint of its weight files (empty for weightless parts)
 */
public record ComponentIdentity(String name, String className, String configSha256, String weightsFingerprint) {}
