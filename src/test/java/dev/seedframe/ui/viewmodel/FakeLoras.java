package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.SchedulerOverride;
import dev.seedframe.service.Failure;
import dev.seedframe.service.LoraSummary;
import dev.seedframe.service.StudioLoras;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA door without files: a file named with "lightning" brings a Lightning-like preset, a file named "bad…" is
 * refused with an engine-like message, any other is a LoRA; a recorded generation's LoRAs are found as the test set.
 */
final class FakeLoras implements StudioLoras {

    /** The Lightning-like preset's steps. */
    static final int PRESET_STEPS = 4;
    static final SchedulerOverride PRESET_SCHEDULER = new SchedulerOverride(1000, 1.0, true, 1.1, 1.1, 256, 8192,
            null, SchedulerOverride.EXPONENTIAL);
    static final String REFUSAL = "holds no LoRA keys this engine reads";

    final List<Path> folders = new ArrayList<>(List.of(Path.of("/home/me/loras")));
    final List<Path> files = new ArrayList<>();
    /** A generation's LoRAs as {@link #locateLoras} finds them. */
    final Map<Long, List<Located>> located = new HashMap<>();

    @Override
    public List<Path> loraFolders() {
        return List.copyOf(folders);
    }

    @Override
    public List<Path> loraFiles() {
        return List.copyOf(files);
    }

    @Override
    public void addLoraFolder(Path folder) {
        folders.add(folder);
        files.add(folder.resolve("from-added-folder.safetensors"));
    }

    @Override
    public LoraSummary inspectLora(Path file) throws Failure {
        String name = file.getFileName().toString();
        if (name.startsWith("bad")) {
            throw new Failure(Failure.Kind.INVALID_INPUT, name + " " + REFUSAL, null);
        }
        LoraSummary.Preset preset = name.toLowerCase(java.util.Locale.ROOT).contains("lightning")
                ? new LoraSummary.Preset("Lightning, 4 steps", PRESET_STEPS, 1.0, PRESET_SCHEDULER) : null;
        return new LoraSummary(file, "sha-" + name, "diffusers/PEFT", 4, 4, preset);
    }

    @Override
    public List<Located> locateLoras(long id) {
        return located.getOrDefault(id, List.of());
    }

    /** Each at its path, unless its name starts with "gone" or "bad" (then missing, in words naming it). */
    @Override
    public List<Located> locateLoras(List<LoraSpec> specs) {
        List<Located> out = new ArrayList<>();
        for (LoraSpec s : specs) {
            try {
                out.add(s.fileName().startsWith("gone") ? Located.missing(s, s.fileName() + " does not exist")
                        : Located.found(s, inspectLora(Path.of(s.path()))));
            } catch (Failure f) {
                out.add(Located.missing(s, f.getMessage()));
            }
        }
        return out;
    }
}
