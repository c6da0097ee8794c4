package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.ModelVariant;
import dev.seedframe.engine.SingleFileDescription;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model list over a fake Hub cache, a user's folder and a ComfyUI folder, in their real layouts. */
class ModelDiscoveryTest {

    static final String COMPLETE = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String PARTIAL = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path tmp;

    static final ModelDiscovery.Budget HOST_8_GB = new ModelDiscovery.Budget(8L << 30, false, "test host");

    @Test
    void findsCompleteAndIncompleteSnapshotsFoldersAndComfyUiFiles() throws Exception {
        Path cache = tmp.resolve("hub");
        Path good = ModelFixtures.hubSnapshot(cache, "Qwen/Qwen-Image", COMPLETE, "main", Golden.tinyModel());
        Path bad = ModelFixtures.hubSnapshot(cache, "Qwen/Qwen-Image-Edit", PARTIAL, null, Golden.tinyEditModel());
        ModelFixtures.interrupt(bad, "transformer/diffusion_pytorch_model-00002-of-00005.safetensors");
        ModelFixtures.hubSnapshot(cache, "someone/a-lora", COMPLETE, "main", Golden.tinyModel().resolve("vae"));
        Path mine = Files.createDirectories(tmp.resolve("my-models"));
        ModelFixtures.edit2511(mine.resolve("Qwen-Image-Edit-2511"));
        Path comfy = ModelFixtures.comfyUi(tmp.resolve("ComfyUI"));
        ModelFolders folders = new ModelFolders(tmp.resolve("config").resolve("model-folders.txt"));
        folders.add(ModelFolders.Kind.FOLDER, mine);
        folders.add(ModelFolders.Kind.COMFYUI, tmp.resolve("ComfyUI")); // the ComfyUI folder: its models/ is found
        folders.add(ModelFolders.Kind.FOLDER, good); // also in the cache: listed once

        List<FoundModel> found = new ModelDiscovery(List.of(cache, tmp.resolve("absent")), folders).find(HOST_8_GB);
        Map<String, FoundModel> byName = found.stream().collect(Collectors.toMap(FoundModel::name, f -> f));
        assertEquals(List.of("Qwen/Qwen-Image@main", "Qwen/Qwen-Image-Edit@" + PARTIAL, "Qwen-Image-Edit-2511",
                "qwen_image_edit_2509_tiny_fp8_e4m3fn.safetensors", "qwen_image_tiny_bf16.safetensors",
                "qwen_image_tiny_fp8_scaled.safetensors", "qwen_2.5_vl_tiny.safetensors",
                "qwen_image_vae_tiny.safetensors"), found.stream().map(FoundModel::name).toList());

        FoundModel q = byName.get("Qwen/Qwen-Image@main");
        assertEquals(FoundModel.Origin.HUB_CACHE, q.origin());
        assertEquals(ModelVariant.QWEN_IMAGE, q.variant());
        assertTrue(q.complete(), q.problems().toString());
        assertEquals("f32", q.precision());
        assertEquals("Qwen/Qwen-Image", q.source().repoId());
        assertEquals("main", q.source().revision());
        assertEquals(COMPLETE, q.source().commit());
        assertEquals(MemoryMode.RESIDENT, q.fit().mode(), "the tiny model fits anywhere");
        assertTrue(q.sizeBytes() > 30_000_000);

        FoundModel e = byName.get("Qwen/Qwen-Image-Edit@" + PARTIAL);
        assertEquals(ModelVariant.EDIT, e.variant());
        assertFalse(e.complete());
        String problems = String.join("\n", e.problems());
        assertTrue(problems.contains("transformer/diffusion_pytorch_model-00002-of-00005.safetensors: its blob is"
                + " missing"), problems);
        assertTrue(problems.contains("partly downloaded") && problems.contains("seedframe download Qwen/Qwen-Image-Edit"),
                problems);
        assertNull(e.fit(), "no estimate for weights that are not all there");

        FoundModel mineEntry = byName.get("Qwen-Image-Edit-2511");
        assertEquals(FoundModel.Origin.FOLDER, mineEntry.origin());
        assertEquals(ModelVariant.EDIT_2511, mineEntry.variant());
        assertNull(mineEntry.unsupported(), "the engine runs Edit-2511 (zero_cond_t) since the LoRA engine merged");
        assertNull(q.unsupported());
        assertFalse(mineEntry.source().isHub());

        FoundModel fp8 = byName.get("qwen_image_edit_2509_tiny_fp8_e4m3fn.safetensors");
        assertEquals(FoundModel.Origin.COMFYUI, fp8.origin());
        assertEquals(SingleFileDescription.Component.TRANSFORMER, fp8.component());
        assertEquals("fp8 e4m3fn", fp8.precision());
        assertEquals(ModelVariant.EDIT_2509, fp8.variant());
        assertEquals(Files.size(comfy.resolve("diffusion_models/qwen_image_edit_2509_tiny_fp8_e4m3fn.safetensors")),
                fp8.sizeBytes());
        assertNull(fp8.fit(), "a single file alone gets no memory estimate (the estimate is of a whole pipeline)");
        assertEquals(SingleFileDescription.Component.TEXT_ENCODER, byName.get("qwen_2.5_vl_tiny.safetensors").component());
        assertEquals(SingleFileDescription.Component.VAE, byName.get("qwen_image_vae_tiny.safetensors").component());
    }

    @Test
    void rememberedFoldersSurviveAndCanBeForgotten() throws Exception {
        Path file = tmp.resolve("cfg").resolve("model-folders.txt");
        ModelFolders f = new ModelFolders(file);
        assertTrue(f.add(ModelFolders.Kind.FOLDER, tmp.resolve("a")));
        assertFalse(f.add(ModelFolders.Kind.FOLDER, tmp.resolve("a")));
        assertTrue(f.add(ModelFolders.Kind.COMFYUI, tmp.resolve("c")));
        ModelFolders again = new ModelFolders(file);
        assertEquals(2, again.list().size());
        assertTrue(again.remove(tmp.resolve("a")));
        assertEquals(List.of(new ModelFolders.Entry(ModelFolders.Kind.COMFYUI, tmp.resolve("c"))),
                new ModelFolders(file).list());
        Files.writeString(file, "garbage\n\u0000\nfolder\t");
        assertTrue(new ModelFolders(file).list().isEmpty(), "a damaged list remembers nothing, and says nothing");
    }
}
