package dev.seedframe.engine.qwenimage.loading;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.qwenimage.scheduler.SchedulerConfig;
import dev.seedframe.engine.weights.ComponentSource;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * A model folder's identity, per component, without loading weights: SHA-256 of each config, the cheap weights
 * fingerprint of each checkpoint ({@link dev.seedframe.engine.weights.Checkpoint#fingerprint()}), and SHA-256 over
 * the files of the weightless components (tokenizer, processor). What replay compares.
 */
public final class ModelFingerprint {

    private ModelFingerprint() {}

    /**
     * Identity, capabilities and {@code environment} of the model whose configs and checkpoints are given: per
     * component what it is (config hash, weights fingerprint) and where it came from (its folder or single file).
     */
    public static ModelInfo info(ModelConfigs c, ComponentCheckpoints ck, EngineEnvironment environment)
            throws WeightsException {
        ModelSources s = c.sources();
        PipelineFolder folder = c.folder();
        List<ComponentIdentity> ids = new ArrayList<>();
        ids.add(new ComponentIdentity("transformer", "QwenImageTransformer2DModel", configSha(s.transformer()),
                ck.transformer().fingerprint(), ModelSources.source(s.transformer())));
        ids.add(new ComponentIdentity("vae", "AutoencoderKLQwenImage", configSha(s.vae()), ck.vae().fingerprint(),
                ModelSources.source(s.vae())));
        ids.add(new ComponentIdentity("text_encoder", "Qwen2_5_VLForConditionalGeneration", configSha(s.textEncoder()),
                ck.textEncoder().fingerprint(), ModelSources.source(s.textEncoder())));
        ids.add(new ComponentIdentity("tokenizer", "Qwen2Tokenizer", folderSha(folder.component("tokenizer")), "",
                smallFileSource(s, "tokenizer")));
        ids.add(new ComponentIdentity("scheduler", SchedulerConfig.CLASS_NAME, c.scheduler().sha256(), "",
                smallFileSource(s, "scheduler")));
        if (folder.family().needsProcessor()) {
            ids.add(new ComponentIdentity("processor", "Qwen2VLProcessor", folderSha(folder.component("processor")), "",
                    smallFileSource(s, "processor")));
        }
        ModelIdentity identity = new ModelIdentity(s.displayName(), folder.pipelineClass(), ids);
        return new ModelInfo(identity, c.capabilities(), environment);
    }

    /** SHA-256 of a component's config file (its name and bytes, as for a folder's {@code config.json}). */
    static String configSha(ComponentSource source) throws WeightsException {
        return sha256Files(List.of(source.config()));
    }

    private static String smallFileSource(ModelSources s, String component) {
        return s.smallFilesSource().startsWith(BundledConfigs.SOURCE) ? s.smallFilesSource() + "/" + component
                : s.folder().component(component).toAbsolutePath().normalize().toString();
    }

    /** SHA-256 over every regular file of a weightless component folder (tokenizer, processor), by name. */
    static String folderSha(Path dir) throws WeightsException {
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new WeightsException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        return sha256Files(new ArrayList<>(files));
    }

    private static String sha256Files(List<Path> files) throws WeightsException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new WeightsException("Cannot read " + files + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
