package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.nn.Fp8Linear;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.SingleFiles;
import dev.seedframe.testing.SingleFiles.ScaledStyle;
import dev.seedframe.testing.TensorSet;
import dev.seedframe.testing.TinyModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ComfyUI's text encoder and VAE single files, made here from the tiny folder's weights in ComfyUI's key layouts
 * (the Qwen2.5-VL module of {@code comfy/text_encoders/llama.py}, without {@code lm_head}; the Wan 2.1 VAE of {@code
 * comfy/ldm/wan/vae.py}), give the folder's images bit for bit, alone, together, and with a transformer single file;
 * the text encoder's fp8-scaled variant gives the image of its widened weights. Each component's identity names the
 * file it came from.
 */
@Tag("slow")
class SingleFileComponentsTest {

    static final GenerationRequest T2I = SingleFileFp8Test.REQUEST;
    static final GenerationRequest IMG2IMG = GenerationRequest.builder(PipelineKind.IMAGE_TO_IMAGE)
            .prompt("a blue square").cfg(1).seed(5).steps(2).size(32, 32).strength(0.7)
            .image(pattern()).build();

    @TempDir
    static Path tmp;

    /** A 32×32 image with something in it for the encoder to see. */
    static RgbImage pattern() {
        byte[] rgb = new byte[32 * 32 * 3];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int i = 3 * (y * 32 + x);
                rgb[i] = (byte) (x * 8);
                rgb[i + 1] = (byte) (y * 8);
                rgb[i + 2] = (byte) ((x - 16) * (x - 16) + (y - 16) * (y - 16) < 64 ? 250 : 20);
            }
        }
        return new RgbImage(32, 32, rgb);
    }

    static Path textEncoderFile;
    static Path vaeFile;
    static RgbImage tinyT2i;
    static RgbImage tinyImg2img;

    @BeforeAll
    static void writeComfyFiles() throws Exception {
        TensorSet te = TensorSet.read(Golden.tinyModel().resolve("text_encoder"));
        Map<String, TensorSet.Entry> teFile = new LinkedHashMap<>();
        te.asF32().forEach((name, e) -> {
            if (!name.startsWith("lm_head.")) { // ComfyUI's Qwen25_7BVLI has no lm_head
                teFile.put(name, e);
            }
        });
        textEncoderFile = tmp.resolve("qwen_2.5_vl_7b.safetensors");
        TensorSet.write(textEncoderFile, teFile);

        TensorSet vae = TensorSet.read(Golden.tinyModel().resolve("vae"));
        Map<String, TensorSet.Entry> vaeFileTensors = new LinkedHashMap<>();
        Map<String, String> names = wanNames(VaeConfig.fromJson(Golden.tinyModel().resolve("vae").resolve("config.json")));
        vae.asF32().forEach((name, e) -> vaeFileTensors.put(names.getOrDefault(name, name), e));
        assertEquals(vae.asF32().size(), names.size(), "every VAE tensor has a Wan name");
        vaeFile = tmp.resolve("qwen_image_vae.safetensors");
        TensorSet.write(vaeFile, vaeFileTensors);

        tinyT2i = TinyModel.get().generate(T2I, StepListener.NONE, new CancellationToken()).image();
        tinyImg2img = TinyModel.get().generate(IMG2IMG, StepListener.NONE, new CancellationToken()).image();
    }

    /**
     * diffusers name → Wan 2.1 / ComfyUI name for a VAE of {@code c}, built as ComfyUI's {@code Encoder3d} and {@code
     * Decoder3d} lay out their modules: one flat list per side, counted as it is filled (the engine maps the other way,
     * by formula).
     */
    static Map<String, String> wanNames(VaeConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        Map<String, String> residual = Map.of("norm1.gamma", "residual.0.gamma", "conv1.weight", "residual.2.weight",
                "conv1.bias", "residual.2.bias", "norm2.gamma", "residual.3.gamma", "conv2.weight", "residual.6.weight",
                "conv2.bias", "residual.6.bias", "conv_shortcut.weight", "shortcut.weight", "conv_shortcut.bias",
                "shortcut.bias");
        Map<String, String> resample = Map.of("resample.1.weight", "resample.1.weight", "resample.1.bias",
                "resample.1.bias", "time_conv.weight", "time_conv.weight", "time_conv.bias", "time_conv.bias");
        Map<String, String> attention = Map.of("norm.gamma", "norm.gamma", "to_qkv.weight", "to_qkv.weight",
                "to_qkv.bias", "to_qkv.bias", "proj.weight", "proj.weight", "proj.bias", "proj.bias");
        for (String side : List.of("encoder", "decoder")) {
            m.put(side + ".conv_in.weight", side + ".conv1.weight");
            m.put(side + ".conv_in.bias", side + ".conv1.bias");
            m.put(side + ".norm_out.gamma", side + ".head.0.gamma");
            m.put(side + ".conv_out.weight", side + ".head.2.weight");
            m.put(side + ".conv_out.bias", side + ".head.2.bias");
            residual.forEach((d, w) -> {
                m.put(side + ".mid_block.resnets.0." + d, side + ".middle.0." + w);
                m.put(side + ".mid_block.resnets.1." + d, side + ".middle.2." + w);
            });
            attention.forEach((d, w) -> m.put(side + ".mid_block.attentions.0." + d, side + ".middle.1." + w));
        }
        int stages = c.dimMult().length;
        int flat = 0;
        for (int i = 0; i < stages; i++) {
            for (int r = 0; r < c.numResBlocks(); r++, flat++) {
                int n = flat;
                residual.forEach((d, w) -> m.put("encoder.down_blocks." + n + "." + d, "encoder.downsamples." + n + "." + w));
            }
            if (i != stages - 1) {
                int n = flat++;
                resample.forEach((d, w) -> m.put("encoder.down_blocks." + n + "." + d, "encoder.downsamples." + n + "." + w));
            }
        }
        flat = 0;
        for (int i = 0; i < stages; i++) {
            for (int r = 0; r <= c.numResBlocks(); r++, flat++) {
                String d0 = "decoder.up_blocks." + i + ".resnets." + r + ".";
                String w0 = "decoder.upsamples." + flat + ".";
                residual.forEach((d, w) -> m.put(d0 + d, w0 + w));
            }
            if (i != stages - 1) {
                String d0 = "decoder.up_blocks." + i + ".upsamplers.0.";
                String w0 = "decoder.upsamples." + flat++ + ".";
                resample.forEach((d, w) -> m.put(d0 + d, w0 + w));
            }
        }
        m.put("quant_conv.weight", "conv1.weight");
        m.put("quant_conv.bias", "conv1.bias");
        m.put("post_quant_conv.weight", "conv2.weight");
        m.put("post_quant_conv.bias", "conv2.bias");
        // keep only the names the tiny checkpoint has (optional shortcuts and temporal convolutions)
        TensorSet vae = TensorSet.read(Golden.tinyModel().resolve("vae"));
        java.util.Set<String> present = new java.util.HashSet<>();
        vae.names().forEach(present::add);
        m.keySet().retainAll(present);
        return m;
    }

    static GenerationOutput generate(ModelFiles files, GenerationRequest request) throws EngineException {
        try (QwenImageModel m = QwenImageModel.open(files, EngineOptions.defaults())) {
            return m.generate(request, StepListener.NONE, new CancellationToken());
        }
    }

    static ComponentIdentity component(GenerationOutput out, String name) {
        return out.model().components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void comfyTextEncoderFileGivesTheFoldersImage() throws Exception {
        GenerationOutput out = generate(ModelFiles.folder(Golden.tinyModel()).withTextEncoder(textEncoderFile), T2I);
        assertEquals(tinyT2i, out.image());
        assertEquals(textEncoderFile.toAbsolutePath().normalize().toString(), component(out, "text_encoder").source());
        // the same weights, so the same identity as the folder's (a different file, so a different fingerprint)
        ComponentIdentity folder = TinyModel.get().identity().components().stream()
                .filter(c -> c.name().equals("text_encoder")).findFirst().orElseThrow();
        assertEquals(folder.configSha256(), component(out, "text_encoder").configSha256());
        assertNotEquals(folder.weightsFingerprint(), component(out, "text_encoder").weightsFingerprint());
    }

    @Test
    void comfyVaeFileGivesTheFoldersImages() throws Exception {
        ModelFiles files = ModelFiles.folder(Golden.tinyModel()).withVae(vaeFile);
        GenerationOutput out = generate(files, T2I);
        assertEquals(tinyT2i, out.image());
        assertEquals(vaeFile.toAbsolutePath().normalize().toString(), component(out, "vae").source());
        assertEquals(tinyImg2img, generate(files, IMG2IMG).image(), "img2img encodes through the VAE's encoder");
    }

    @Test
    void anEditModelSeesThroughTheTextEncoderFilesVisionTower() throws Exception {
        GenerationRequest edit = GenerationRequest.builder(PipelineKind.EDIT).prompt("make the circle green")
                .negativePrompt(" ").cfg(4).seed(3).steps(2).size(32, 32).conditionSize(64).images(List.of(pattern()))
                .build();
        RgbImage folder = generate(ModelFiles.folder(Golden.tinyEditModel()), edit).image();
        GenerationOutput out = generate(ModelFiles.folder(Golden.tinyEditModel()).withTextEncoder(textEncoderFile), edit);
        assertEquals(folder, out.image());
        assertEquals("QwenImageEditPipeline", out.model().pipelineClass());
        assertEquals(textEncoderFile.toAbsolutePath().normalize().toString(), component(out, "text_encoder").source());
    }

    @Test
    void threeSingleFilesWithTheirConfigsGiveTheFoldersImage() throws Exception {
        Path transformer = tmp.resolve("transformer-bare.safetensors");
        TensorSet.write(transformer, TensorSet.read(Golden.tinyModel().resolve("transformer")).asF32());
        ModelFiles files = ModelFiles.singleFiles(transformer, textEncoderFile, vaeFile).withConfigs(Golden.tinyModel());
        GenerationOutput out = generate(files, T2I);
        assertEquals(tinyT2i, out.image());
        assertEquals("transformer-bare", out.model().displayName());
        assertEquals(Golden.tinyModel().resolve("tokenizer").toAbsolutePath().normalize().toString(),
                component(out, "tokenizer").source());
        // the same components as the folder's, by config and (for the transformer: same bytes, new file name) content
        assertEquals(TinyModel.get().identity().components().get(0).configSha256(),
                out.model().components().get(0).configSha256());
    }

    @Test
    void tinyFilesWithoutConfigsAreRefusedNamingWhatTheyHoldAndWhatTheBundledConfigExpects() {
        ModelFiles files = ModelFiles.singleFiles(
                Golden.singleFileDir().resolve("files").resolve("qwen-tiny_bf16.safetensors"), textEncoderFile, vaeFile);
        EngineException e = assertThrows(EngineException.class, () -> QwenImageModel.open(files, EngineOptions.defaults()));
        assertTrue(e.getMessage().contains("qwen-tiny_bf16.safetensors holds a transformer of 2 blocks of width 48"),
                e.getMessage());
        assertTrue(e.getMessage().contains("does not fit Qwen-Image's bundled transformer config (60 blocks of width 3072)"),
                e.getMessage());
        // every file's problem at once: the text encoder and the VAE are too small for the bundled configs as well
        assertTrue(e.getMessage().contains("The text encoder file " + textEncoderFile + " holds a text encoder of"
                + " Qwen2.5-VL, 2 layers of width 16, which does not fit Qwen-Image's bundled text encoder config (28"
                + " layers of width 3584)"), e.getMessage());
        assertTrue(e.getMessage().contains("The VAE file " + vaeFile + " holds a VAE of base width 12, 4 latent channels,"
                + " which does not fit Qwen-Image's bundled VAE config (base width 96, 16 latent channels)"),
                e.getMessage());
    }

    @Test
    void fp8ScaledTextEncoderGivesTheImageOfItsWidenedWeights() throws Exception {
        TensorSet te = TensorSet.read(textEncoderFile);
        // the language model's matrices and the token embedding in fp8 with scales; norms in bf16
        SingleFiles.Converted c = SingleFiles.scaledFp8(te, "", ScaledStyle.LEGACY,
                name -> name.startsWith("model.") || name.startsWith("visual.blocks."));
        Path file = tmp.resolve("qwen_2.5_vl_7b_fp8_scaled.safetensors");
        TensorSet.write(file, c.file());
        assertEquals(StDType.F8_E4M3, c.file().get("model.embed_tokens.weight").dtype());
        Path folder = SingleFiles.folderWith(Golden.tinyModel(), tmp.resolve("te-widened"), "text_encoder", "model",
                c.widened());
        RgbImage image = generate(ModelFiles.folder(Golden.tinyModel()).withTextEncoder(file), T2I).image();
        assertEquals(generate(ModelFiles.folder(folder), T2I).image(), image);
        assertNotEquals(tinyT2i, image, "fp8 changes the weights, so the comparison above can fail");
    }

    @Test
    void inspectNamesEverySourceWithoutLoadingWeights() throws Exception {
        Path fp8 = Golden.singleFileDir().resolve("files").resolve("qwen-tiny_fp8_e4m3fn.safetensors");
        ModelFiles files = ModelFiles.folder(Golden.tinyModel()).withTransformer(fp8).withVae(vaeFile);
        ModelInfo info = new QwenImageProvider().inspect(files, EngineOptions.defaults());
        List<ComponentIdentity> c = info.identity().components();
        assertEquals(fp8.toAbsolutePath().normalize().toString(), c.get(0).source());
        assertEquals(vaeFile.toAbsolutePath().normalize().toString(), c.get(1).source());
        assertEquals(Golden.tinyModel().resolve("text_encoder").toAbsolutePath().normalize().toString(),
                c.get(2).source());
        assertEquals("qwen-image-tiny", info.identity().displayName());
        try (QwenImageModel m = QwenImageModel.open(files, EngineOptions.defaults())) {
            assertEquals(info.identity(), m.identity());
            assertTrue(m.probe().transformer().blockLinears().get(0).weights() instanceof Fp8Linear);
        }
    }
}
