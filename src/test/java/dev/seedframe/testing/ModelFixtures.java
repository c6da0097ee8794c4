package dev.seedframe.testing;

import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Builds the model layouts the model list finds, from the tiny pipeline: a Hugging Face cache (blobs named as
 * {@code huggingface_hub} names them, snapshot entries as relative links into them), an Edit-2511 pipeline folder,
 * and a ComfyUI {@code models/} folder of single files.
 */
public final class ModelFixtures {

    private ModelFixtures() {}

    /**
     * Writes {@code pipeline} into {@code root} as {@code repoId} at {@code commit}, with {@code refs/<ref>} (unless
     * null) pointing at it; returns the snapshot folder.
     */
    public static Path hubSnapshot(Path root, String repoId, String commit, String ref, Path pipeline) throws IOException {
        Path repo = root.resolve("models--" + repoId.replace("/", "--"));
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snap = repo.resolve("snapshots").resolve(commit);
        try (Stream<Path> walk = Files.walk(pipeline, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String rel = pipeline.relativize(p).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(p);
                boolean lfs = rel.endsWith(".safetensors") || rel.endsWith("tokenizer.json");
                String etag = lfs ? FakeHub.sha256(bytes) : FakeHub.hex("SHA-1",
                        ("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII), bytes);
                Path blob = blobs.resolve(etag);
                if (!Files.exists(blob)) {
                    Files.write(blob, bytes);
                }
                Path entry = snap.resolve(rel);
                Files.createDirectories(entry.getParent());
                Files.createSymbolicLink(entry, entry.getParent().relativize(blob));
            }
        }
        if (ref != null) {
            Path r = repo.resolve("refs").resolve(ref);
            Files.createDirectories(r.getParent());
            Files.writeString(r, commit);
        }
        return snap;
    }

    /**
     * Makes {@code rel} of a snapshot look like an interrupted download: its blob is gone (the link dangles) and a
     * {@code .incomplete} blob holds its first half.
     */
    public static void interrupt(Path snapshot, String rel) throws IOException {
        Path entry = snapshot.resolve(rel);
        Path blob = entry.getParent().resolve(Files.readSymbolicLink(entry)).normalize();
        byte[] bytes = Files.readAllBytes(blob);
        Files.write(blob.resolveSibling(blob.getFileName() + ".incomplete"),
                java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(blob);
    }

    /** An Edit-2511 pipeline: the tiny Edit pipeline whose transformer config sets {@code zero_cond_t}. */
    public static Path edit2511(Path dir) throws IOException {
        Path edit = Golden.tinyEditModel();
        Files.createDirectories(dir);
        String index = Files.readString(edit.resolve("model_index.json"))
                .replace("QwenImageEditPipeline", "QwenImageEditPlusPipeline");
        Files.writeString(dir.resolve("model_index.json"), index);
        for (String c : new String[] {"processor", "scheduler", "text_encoder", "tokenizer", "vae"}) {
            Files.createSymbolicLink(dir.resolve(c), edit.resolve(c).toRealPath());
        }
        Path tiny = Golden.tinyModel().resolve("transformer");
        Path t = Files.createDirectories(dir.resolve("transformer"));
        try (Stream<Path> files = Files.list(tiny)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!p.getFileName().toString().equals("config.json")) {
                    Files.createSymbolicLink(t.resolve(p.getFileName()), p.toRealPath());
                }
            }
        }
        Files.writeString(t.resolve("config.json"), Files.readString(tiny.resolve("config.json"))
                .replace("\"zero_cond_t\": false", "\"zero_cond_t\": true"));
        return dir;
    }

    /** A single-file fixture from {@code src/test/resources/singlefile/files/} (its README: provenance). */
    public static Path singleFile(String name) {
        try {
            return Path.of(ModelFixtures.class.getResource("/singlefile/files/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("single-file fixture " + name + " missing", e);
        }
    }

    /**
     * A ComfyUI {@code models/} folder: the bf16, fp8 and scaled-fp8 tiny transformers in {@code diffusion_models/},
     * the tiny text encoder as one file in {@code text_encoders/}, the tiny VAE in {@code vae/}, and one file of
     * another model in {@code diffusion_models/} that must not be listed.
     */
    public static Path comfyUi(Path root) throws IOException {
        Path models = root.resolve("models");
        Path diffusion = Files.createDirectories(models.resolve("diffusion_models"));
        Files.copy(singleFile("qwen-tiny_bf16.safetensors"), diffusion.resolve("qwen_image_tiny_bf16.safetensors"));
        Files.copy(singleFile("qwen-tiny_fp8_e4m3fn.safetensors"),
                diffusion.resolve("qwen_image_edit_2509_tiny_fp8_e4m3fn.safetensors"));
        scaledFp8(singleFile("qwen-tiny_fp8_e4m3fn.safetensors"), diffusion.resolve("qwen_image_tiny_fp8_scaled.safetensors"));
        new SafetensorsWriter().addF32("input_blocks.0.0.weight", new float[] {1, 2, 3, 4}, 2, 2)
                .write(diffusion.resolve("sdxl_unet_tiny.safetensors"));
        merged(Golden.tinyModel().resolve("text_encoder"), "model",
                Files.createDirectories(models.resolve("text_encoders")).resolve("qwen_2.5_vl_tiny.safetensors"));
        Files.createDirectories(models.resolve("vae"));
        Files.copy(Golden.tinyModel().resolve("vae").resolve("diffusion_pytorch_model.safetensors"),
                models.resolve("vae").resolve("qwen_image_vae_tiny.safetensors"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(models.resolve("clip"));
        return models;
    }

    /** {@code fp8} with a per-tensor scale of 1 beside each float8 weight: {@code weight = fp8 · weight_scale}. */
    static void scaledFp8(Path fp8, Path out) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(fp8)) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (TensorInfo t : f.tensors().values()) {
                w.add(t.name(), t.dtype(), t.shape(), copy(f.map(t)));
                if (t.dtype() == StDType.F8_E4M3) {
                    w.add(t.name() + "_scale", StDType.F32, new long[0],
                            ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 1f));
                }
            }
            w.write(out);
        } catch (dev.seedframe.engine.weights.WeightsException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A component's shards as one safetensors file with the same tensor names. */
    static void merged(Path componentDir, String stem, Path out) throws IOException {
        try (Checkpoint ck = Checkpoint.open(componentDir, componentDir.getFileName().toString(), stem)) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (String name : ck.sortedNames()) {
                TensorInfo t = ck.info(name);
                w.add(name, t.dtype(), t.shape(), copy(ck.map(t)));
            }
            w.write(out);
        } catch (dev.seedframe.engine.weights.WeightsException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        c.put(b.duplicate());
        c.flip();
        return c;
    }
}
