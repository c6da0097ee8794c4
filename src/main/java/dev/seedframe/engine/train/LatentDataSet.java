package dev.seedframe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.TrainingListener;
import dev.seedframe.engine.qwenimage.vae.DiagonalGaussian;
import dev.seedframe.engine.imageops.ImagePostprocess;
import dev.seedframe.engine.qwenimage.transformer.Latents;
import dev.seedframe.engine.qwenimage.textencoder.PromptEmbeds;
import dev.seedframe.engine.qwenimage.textencoder.PromptEncoder;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.train.scenes.Captions;
import dev.seedframe.engine.train.scenes.Scene;
import dev.seedframe.engine.train.scenes.SceneRasterizer;
import dev.seedframe.engine.train.scenes.SceneSampler;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The transformer's training data, computed once with the trained VAE and the frozen text encoder: for
 * each scene its normalised, packed latents ({@code [N, 4Z]}, the posterior mean through {@link
 * QwenImageVae#normalize}, exactly what the pipelines denoise) and the prompt embeddings of one English
 * and one Chinese caption ({@code [T, J]}, through the pipeline's own {@link PromptEncoder}, template and
 * all). It is written in parts of {@value #PART} examples, so an interrupted build resumes with the next
 * part.
 */
final class LatentDataSet {

    /** Examples per part file. */
    static final int PART = 500;

    /** Images encoded per VAE call. */
    static final int ENCODE_BATCH = 10;

    /** Salt of the caption wording streams (independent of the scene streams). */
    static final long CAPTION_SALT = 0xCA9710L;

    /** The prompt the unconditional (dropped-caption) examples and a negative prompt use. */
    static final String EMPTY_PROMPT = " ";

    final int size;
    final int tokens;
    final int features;
    final int textWidth;
    final float[][] latents;
    final float[][] english;
    final float[][] chinese;
    final float[] empty;

    private LatentDataSet(int size, int tokens, int features, int textWidth, float[][] latents, float[][] english,
            float[][] chinese, float[] empty) {
        this.size = size;
        this.tokens = tokens;
        this.features = features;
        this.textWidth = textWidth;
        this.latents = latents;
        this.english = english;
        this.chinese = chinese;
        this.empty = empty;
    }

    /**
     * Builds (or completes) the data set in {@code dir} and reads it.
     *
     * @param scenes the scene stream (the held-out combinations are already excluded)
     */
    static LatentDataSet build(DemoSpec spec, long seed, SceneSampler scenes, QwenImageVae vae, PromptEncoder prompts,
            NDManager manager, Path dir, TrainingListener listener, CancellationToken cancel)
            throws IOException, EngineException {
        Files.createDirectories(dir);
        int parts = (spec.dataSetSize() + PART - 1) / PART;
        long started = System.nanoTime();
        for (int p = 0; p < parts; p++) {
            Path file = partFile(dir, p);
            if (Files.isRegularFile(file)) {
                continue;
            }
            if (cancel.isCancelled()) {
                throw new CancelledException("Training cancelled while encoding the data set; it resumes with part " + p);
            }
            int from = p * PART;
            int to = Math.min(spec.dataSetSize(), from + PART);
            writePart(spec, seed, scenes, vae, prompts, manager, from, to, file);
            listener.note(String.format("data set: %d of %d scenes encoded (%.0f s)", to, spec.dataSetSize(),
                    (System.nanoTime() - started) / 1e9));
        }
        Path emptyFile = dir.resolve("empty-prompt.safetensors");
        if (!Files.isRegularFile(emptyFile)) {
            try (NDScope scope = new NDScope();
                    PromptEmbeds e = prompts.encode(EMPTY_PROMPT, manager)) {
                scope.suppressNotUsedWarning();
                long[] shape = e.embeds().getShape().getShape();
                SafetensorsWriter w = new SafetensorsWriter();
                w.addF32("embeds", e.embeds().toFloatArray(), shape[1], shape[2]);
                Path tmp = dir.resolve("empty-prompt.tmp");
                w.write(tmp);
                Files.move(tmp, emptyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return read(spec, dir);
    }

    private static Path partFile(Path dir, int p) {
        return dir.resolve(String.format("part-%04d.safetensors", p));
    }

    private static void writePart(DemoSpec spec, long seed, SceneSampler scenes, QwenImageVae vae,
            PromptEncoder prompts, NDManager manager, int from, int to, Path file) throws IOException, EngineException {
        int side = spec.imageSize();
        int n = to - from;
        int latentSide = spec.latentSize();
        int tokenCount = (latentSide / 2) * (latentSide / 2);
        int feats = 4 * spec.zDim();
        float[] lat = new float[n * tokenCount * feats];
        SafetensorsWriter w = new SafetensorsWriter();
        ByteBuffer enLengths = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer zhLengths = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        java.util.List<float[]> en = new java.util.ArrayList<>();
        java.util.List<float[]> zh = new java.util.ArrayList<>();
        for (int start = from; start < to; start += ENCODE_BATCH) {
            int count = Math.min(ENCODE_BATCH, to - start);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] pixels = new float[count * 3 * side * side];
                for (int j = 0; j < count; j++) {
                    long index = start + j;
                    Scene scene = scenes.scene(index);
                    RgbImage img = SceneRasterizer.draw(scene, side, side);
                    System.arraycopy(ImagePostprocess.toSignedUnitChw(img), 0, pixels, j * 3 * side * side,
                            3 * side * side);
                    SplittableRandom words = new SplittableRandom(SceneSampler.mix(seed * 31 + CAPTION_SALT + index));
                    en.add(embed(prompts, Captions.english(scene, words), manager, enLengths));
                    zh.add(embed(prompts, Captions.chinese(scene, words), manager, zhLengths));
                }
                NDArray x = manager.create(pixels, new Shape(count, 3, side, side));
                try (DiagonalGaussian posterior = vae.encode(x)) {
                    NDArray packed = Latents.pack(vae.normalize(posterior.mean())); // [B, N, 4Z]
                    System.arraycopy(packed.toFloatArray(), 0, lat, (start - from) * tokenCount * feats,
                            count * tokenCount * feats);
                }
            }
        }
        enLengths.flip();
        zhLengths.flip();
        w.addF32("latents", lat, n, tokenCount, feats);
        w.add("english_lengths", StDType.I64, new long[] {n}, enLengths);
        w.addF32("english", concat(en), totalRows(en, spec.textHidden()), spec.textHidden());
        w.add("chinese_lengths", StDType.I64, new long[] {n}, zhLengths);
        w.addF32("chinese", concat(zh), totalRows(zh, spec.textHidden()), spec.textHidden());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        w.write(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static float[] embed(PromptEncoder prompts, String caption, NDManager manager, ByteBuffer lengths)
            throws EngineException {
        try (PromptEmbeds e = prompts.encode(caption, manager)) {
            lengths.putLong(e.length());
            return e.embeds().toFloatArray();
        }
    }

    private static float[] concat(java.util.List<float[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    private static long totalRows(java.util.List<float[]> parts, int width) {
        return parts.stream().mapToLong(a -> a.length / width).sum();
    }

    /** Reads every part of a complete data set. */
    static LatentDataSet read(DemoSpec spec, Path dir) throws WeightsException {
        int n = spec.dataSetSize();
        int latentSide = spec.latentSize();
        int tokenCount = (latentSide / 2) * (latentSide / 2);
        int feats = 4 * spec.zDim();
        int width = spec.textHidden();
        float[][] latents = new float[n][];
        float[][] english = new float[n][];
        float[][] chinese = new float[n][];
        int parts = (n + PART - 1) / PART;
        for (int p = 0; p < parts; p++) {
            try (SafetensorsFile f = SafetensorsFile.open(partFile(dir, p))) {
                float[] lat = f.floats("latents");
                int count = lat.length / (tokenCount * feats);
                for (int j = 0; j < count; j++) {
                    latents[p * PART + j] = java.util.Arrays.copyOfRange(lat, j * tokenCount * feats,
                            (j + 1) * tokenCount * feats);
                }
                split(f.floats("english"), f.longs("english_lengths"), width, english, p * PART);
                split(f.floats("chinese"), f.longs("chinese_lengths"), width, chinese, p * PART);
            }
        }
        float[] empty;
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("empty-prompt.safetensors"))) {
            empty = f.floats("embeds");
        }
        return new LatentDataSet(n, tokenCount, feats, width, latents, english, chinese, empty);
    }

    private static void split(float[] rows, long[] lengths, int width, float[][] out, int offset) {
        int at = 0;
        for (int j = 0; j < lengths.length; j++) {
            int len = Math.toIntExact(lengths[j]) * width;
            out[offset + j] = java.util.Arrays.copyOfRange(rows, at, at + len);
            at += len;
        }
    }
}
