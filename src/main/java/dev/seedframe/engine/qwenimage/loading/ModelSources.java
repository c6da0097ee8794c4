package dev.seedframe.engine.qwenimage.loading;

import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlTextEncoder;
import dev.seedframe.engine.qwenimage.textencoder.TextEncoderConfig;
import dev.seedframe.engine.qwenimage.textencoder.TextEncoderKeys;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.qwenimage.transformer.TransformerKeys;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.engine.qwenimage.vae.VaeKeys;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.ComponentSource;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Where every part of a model comes from, resolved from a {@link ModelFiles}: the folder of its small files ({@code
 * model_index.json}, tokenizer, scheduler, processor), and for the transformer, text encoder and VAE their weights (a
 * component folder or a single file) with the config that describes them. A single file's config is chosen by what the
 * file holds (its header's block count and widths): the explicit configs folder, else the model folder's if it fits,
 * else Seedframe's bundled Qwen-Image config if it fits ({@link BundledConfigs}); a file that is not the component it
 * is given as, or fits no config, is refused naming the file and what it holds.
 *
 * @param files what the caller gave
 * @param folder the folder the small files come from
 * @param smallFilesSource where that folder came from: its absolute path, or {@link BundledConfigs#SOURCE}
 * @param displayName the model folder's name, or without one the transformer file's name
 * @param transformer the transformer's weights and config
 * @param vae the VAE's
 * @param textEncoder the text encoder's
 */
public record ModelSources(ModelFiles files, PipelineFolder folder, String smallFilesSource, String displayName,
        ComponentSource transformer, ComponentSource vae, ComponentSource textEncoder) {

    /** The bundled configs' folder, written on first use (it needs the engine's cache folder). */
    @FunctionalInterface
    public interface BundledFolder {
        Path get() throws WeightsException;
    }

    /** A diffusers folder as it is. */
    public static ModelSources folder(Path dir) throws WeightsException {
        return resolve(ModelFiles.folder(dir), () -> {
            throw new IllegalStateException("a plain folder needs no bundled configs");
        });
    }

    /** Resolves {@code files}; {@code bundled} gives the bundled configs' folder when it is needed. */
    public static ModelSources resolve(ModelFiles files, BundledFolder bundled) throws WeightsException {
        Path base = files.folder();
        if (base == null) {
            List<String> missing = new ArrayList<>();
            if (files.transformer() == null) {
                missing.add("the transformer");
            }
            if (files.textEncoder() == null) {
                missing.add("the text encoder");
            }
            if (files.vae() == null) {
                missing.add("the VAE");
            }
            if (!missing.isEmpty()) {
                throw new WeightsException("Without a model folder every component must be given as a single file; "
                        + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing ("
                        + files.describe() + ")");
            }
        }
        Path bundledDir = null;
        Path small;
        String smallSource;
        if (files.configs() != null) {
            small = files.configs();
            smallSource = files.configs().toAbsolutePath().normalize().toString();
        } else if (base != null) {
            small = base;
            smallSource = base.toAbsolutePath().normalize().toString();
        } else {
            bundledDir = bundled.get();
            small = bundledDir;
            smallSource = BundledConfigs.SOURCE;
        }
        PipelineFolder folder = PipelineFolder.open(small,
                files.configs() != null ? java.util.Set.of() : new HashSet<>(files.singleFileComponents()));
        Candidates c = new Candidates(files, base, bundledDir, bundled);
        // every single file is checked before any problem is reported, so all of them are named at once
        List<String> problems = new ArrayList<>();
        ComponentSource transformer = files.transformer() == null ? folderSource(base, "transformer")
                : collect(problems, () -> c.transformer(files.transformer()));
        ComponentSource vae = files.vae() == null ? folderSource(base, QwenImageVae.COMPONENT)
                : collect(problems, () -> c.vae(files.vae()));
        ComponentSource textEncoder = files.textEncoder() == null
                ? QwenVlTextEncoder.folder(base.resolve(QwenVlTextEncoder.COMPONENT))
                : collect(problems, () -> c.textEncoder(files.textEncoder()));
        if (!problems.isEmpty()) {
            throw new WeightsException(String.join("\n", problems));
        }
        String name = base != null ? nameOf(base) : stem(files.transformer());
        return new ModelSources(files, folder, smallSource, name, transformer, vae, textEncoder);
    }

    /** A component's choice, or null with its problem added to {@code problems}. */
    private static ComponentSource collect(List<String> problems, Choice choice) {
        try {
            return choice.get();
        } catch (WeightsException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    @FunctionalInterface
    private interface Choice {
        ComponentSource get() throws WeightsException;
    }

    private static ComponentSource folderSource(Path base, String component) {
        return ComponentSource.folder(base.resolve(component), component, "diffusion_pytorch_model");
    }

    private static String nameOf(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.toLowerCase(Locale.ROOT).endsWith(".safetensors") ? n.substring(0, n.length() - ".safetensors".length()) : n;
    }

    /** Where a component's weights came from, for its identity: the absolute path of its folder or file. */
    public static String source(ComponentSource s) {
        return s.weights().toAbsolutePath().normalize().toString();
    }

    /** The configs a single file may take, in order, and the choice among them. */
    private record Candidates(ModelFiles files, Path base, Path bundledDir, BundledFolder bundled) {

        ComponentSource transformer(Path file) throws WeightsException {
            return choose(file, "transformer", "transformer", "diffusion_pytorch_model", (ck, config) -> {
                TransformerKeys.Size size = TransformerKeys.size(ck);
                TransformerConfig tc = TransformerConfig.fromJson(config);
                return size == null ? null : size.fits(tc) ? "" : tc.numLayers() + " blocks of width " + tc.innerDim();
            });
        }

        ComponentSource vae(Path file) throws WeightsException {
            return choose(file, QwenImageVae.COMPONENT, "VAE", "diffusion_pytorch_model", (ck, config) -> {
                VaeKeys.Size size = VaeKeys.size(ck);
                VaeConfig vc = VaeConfig.fromJson(config);
                return size == null ? null : size.fits(vc) ? "" : "base width " + vc.baseDim() + ", " + vc.zDim()
                        + " latent channels";
            });
        }

        ComponentSource textEncoder(Path file) throws WeightsException {
            return choose(file, QwenVlTextEncoder.COMPONENT, "text encoder", QwenVlTextEncoder.WEIGHTS_BASE_NAME,
                    (ck, config) -> {
                        TextEncoderKeys.Size size = TextEncoderKeys.size(ck);
                        TextEncoderConfig ec = TextEncoderConfig.fromJson(config, config.toString());
                        return size == null ? null : size.fits(ec) ? "" : ec.numHiddenLayers() + " layers of width "
                                + ec.hiddenSize();
                    });
        }

        /** Checks the file holds {@code role}, and picks the first config that fits it. */
        private ComponentSource choose(Path file, String component, String role, String baseName, Fit fit)
                throws WeightsException {
            SingleFileContents holds;
            try (Checkpoint ck = Checkpoint.openFile(file, component)) {
                holds = SingleFileContents.of(ck);
                if (holds == null) {
                    throw new WeightsException("The " + role + " file " + file + " is not a part of a Qwen-Image model:"
                            + " its tensors are neither a Qwen-Image transformer, a Qwen2.5-VL text encoder nor a"
                            + " Qwen-Image VAE (it holds e.g. " + sample(ck) + ")");
                }
                if (!holds.component().label().equals(role)) {
                    throw new WeightsException("The " + role + " file " + file + " holds a " + holds.component().label()
                            + " (" + holds.size() + "), not a " + role + "; give it as the "
                            + holds.component().label());
                }
                if (files.configs() != null) {
                    Path config = files.configs().resolve(component).resolve("config.json");
                    if (!Files.isRegularFile(config)) {
                        throw new WeightsException("The configs folder " + files.configs() + " has no " + component
                                + "/config.json for the " + role + " file " + file);
                    }
                    return ComponentSource.file(file, component, baseName, config,
                            component + "/config.json of " + files.configs());
                }
                List<String> tried = new ArrayList<>();
                if (base != null) {
                    Path config = base.resolve(component).resolve("config.json");
                    if (Files.isRegularFile(config)) {
                        String expected = fit.mismatch(ck, config);
                        if ("".equals(expected)) {
                            return ComponentSource.file(file, component, baseName, config,
                                    component + "/config.json of " + base);
                        }
                        tried.add(base.resolve(component) + "/config.json (" + expected + ")");
                    }
                }
                Path dir = bundledDir != null ? bundledDir : bundled.get();
                Path config = dir.resolve(component).resolve("config.json");
                String expected = fit.mismatch(ck, config);
                if ("".equals(expected)) {
                    return ComponentSource.file(file, component, baseName, config, "Qwen-Image's bundled " + role
                            + " config");
                }
                tried.add("Qwen-Image's bundled " + role + " config (" + expected + ")");
                throw new WeightsException("The " + role + " file " + file + " holds a " + role + " of " + holds.size()
                        + ", which " + (tried.size() == 1 ? "does not fit " + tried.get(0)
                                : "fits neither " + String.join(" nor ", tried))
                        + ". Give a folder with the configs that describe it.");
            }
        }

        private static String sample(Checkpoint ck) {
            List<String> names = new ArrayList<>(new TreeSet<>(ck.names()));
            return names.size() <= 4 ? names.toString() : names.subList(0, 4) + " and " + (names.size() - 4) + " more";
        }
    }

    /** Whether a file fits a config: "" when it does, what the config expects when not, null when it cannot tell. */
    @FunctionalInterface
    private interface Fit {
        String mismatch(Checkpoint ck, Path config) throws WeightsException;
    }
}
