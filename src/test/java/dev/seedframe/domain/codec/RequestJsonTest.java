package dev.seedframe.domain.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.SchedulerOverride;
import dev.seedframe.store.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestJsonTest {

    private static RequestJson.ImageResolver<IllegalStateException> resolverOf(Map<String, RgbImage> images,
            Map<String, Mask> masks) {
        return new RequestJson.ImageResolver<>() {
            @Override
            public RgbImage image(String sha256) {
                RgbImage i = images.get(sha256);
                if (i == null) {
                    throw new IllegalStateException("no image " + sha256);
                }
                return i;
            }

            @Override
            public Mask mask(String sha256) {
                Mask m = masks.get(sha256);
                if (m == null) {
                    throw new IllegalStateException("no mask " + sha256);
                }
                return m;
            }
        };
    }

    @Test
    void aRequestWithEveryFieldSetReadsBackEqual() throws Exception {
        RgbImage src = Samples.noise(8, 6, 1);
        Mask mask = Samples.mask(8, 6, 2);
        GenerationRequest r = Samples.inpaint(src, mask, Long.MAX_VALUE);
        String json = RequestJson.write(r);
        GenerationRequest back = RequestJson.read(json, resolverOf(Map.of(src.sha256(), src), Map.of(mask.sha256(), mask)));
        assertEquals(r, back);
    }

    @Test
    void editRequestsKeepTheirInputImagesInOrder() throws Exception {
        RgbImage a = Samples.noise(4, 4, 1);
        RgbImage b = Samples.noise(4, 4, 2);
        RgbImage c = Samples.noise(4, 4, 3);
        GenerationRequest r = GenerationRequest.builder(PipelineKind.EDIT).prompt("swap").images(List.of(c, a, b)).build();
        RequestJson.Parsed p = RequestJson.parse(RequestJson.write(r));
        assertEquals(List.of(c.sha256(), a.sha256(), b.sha256()), p.imageSha256s());
        assertEquals(r, p.resolve(resolverOf(Map.of(a.sha256(), a, b.sha256(), b, c.sha256(), c), Map.of())));
    }

    @Test
    void canonicalJsonHasSortedKeysNoWhitespaceAndEveryField() {
        GenerationRequest r = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                .prompt("a cat").seed(42).steps(20).size(768, 512).build();
        assertEquals("{\"cfg\":4.0,\"featherPx\":8,\"height\":512,\"images\":[],\"kind\":\"t2i\",\"mask\":null,"
                + "\"maxSequenceLength\":512,\"negativePrompt\":null,\"outpaint\":null,\"prompt\":\"a cat\",\"raw\":false,"
                + "\"seed\":42,\"steps\":20,\"strength\":0.6,\"v\":1,\"width\":768}", RequestJson.write(r));
    }

    @Test
    void lorasAndASchedulerOverrideRoundTripAndAreWrittenOnlyWhenPresent() throws Exception {
        GenerationRequest plain = Samples.textToImage(7);
        SchedulerOverride lightning = new SchedulerOverride(1000, 1.0, true, Math.log(3), Math.log(3), 256, 8192, null,
                "exponential");
        GenerationRequest r = plain.toBuilder().steps(4).cfg(1).scheduler(lightning).loras(List.of(
                new LoraSpec("/loras/Qwen-Image-Lightning-4steps-V1.0.safetensors", 1.0, LoraMethod.MERGED),
                new LoraSpec("C:\\loras\\style.safetensors", -0.35, LoraMethod.RUNTIME))).build();
        String json = RequestJson.write(r);
        assertTrue(json.contains("\"loras\":[{\"method\":\"merged\",\"path\":\"/loras/Qwen-Image-Lightning-4steps-V1.0"
                + ".safetensors\",\"weight\":1.0},{\"method\":\"runtime\""), json);
        assertTrue(json.contains("\"scheduler\":{\"baseImageSeqLen\":256,\"baseShift\":1.0986122886681098,"), json);
        assertTrue(json.contains("\"shiftTerminal\":null,\"timeShiftType\":\"exponential\""), json);
        assertEquals(r, RequestJson.read(json, resolverOf(Map.of(), Map.of())));
        String without = RequestJson.write(plain);
        assertTrue(!without.contains("loras") && !without.contains("scheduler"), without);
        assertEquals(List.of(), RequestJson.read(without, resolverOf(Map.of(), Map.of())).loras());
    }

    @Test
    void equalRequestsGiveIdenticalJsonAndDifferentSeedsDifferentJson() {
        assertEquals(RequestJson.write(Samples.textToImage(7)), RequestJson.write(Samples.textToImage(7)));
        assertNotEquals(RequestJson.write(Samples.textToImage(7)), RequestJson.write(Samples.textToImage(8)));
    }

    @Test
    void chinesePromptsAreWrittenAsUtf8TextAndQuotesAreEscaped() throws Exception {
        String json = RequestJson.write(Samples.textToImage(1));
        assertTrue(json.contains("一只穿着唐装的熊猫"), json);
        assertTrue(json.contains("\\\"quoted\\\" and a backslash \\\\"), json);
        assertEquals(Samples.textToImage(1), RequestJson.parse(json).request());
    }

    @Test
    void imagesAndMaskAreWrittenAsContentAddresses() throws Exception {
        RgbImage src = Samples.noise(8, 6, 1);
        Mask mask = Samples.mask(8, 6, 2);
        Map<String, Object> o = RequestJson.object(RequestJson.write(Samples.inpaint(src, mask, 3)), "request");
        assertEquals(List.of(src.sha256()), o.get("images"));
        assertEquals(mask.sha256(), o.get("mask"));
    }

    @Test
    void missingOptionalFieldsTakeTheRequestDefaults() throws Exception {
        GenerationRequest r = RequestJson.parse("{\"v\":1,\"kind\":\"img2img\",\"prompt\":\"x\",\"seed\":7}").request();
        assertEquals(GenerationRequest.builder(PipelineKind.IMAGE_TO_IMAGE).prompt("x").seed(7).build(), r);
    }

    @Test
    void anEnvironmentFromBeforeMemoryModesReadsAsResident() throws Exception {
        String old = "{\"attention\":\"sdpa\",\"device\":\"cpu (2 threads)\",\"djlVersion\":\"0.35.1\","
                + "\"dtype\":\"float32\",\"noiseSource\":\"torch-cpu-mt19937-randn/v1\",\"platform\":\"Linux amd64\","
                + "\"seedframeVersion\":\"0.1.0\",\"torchVersion\":\"2.7.1\",\"v\":1}";
        dev.seedframe.domain.EngineEnvironment e = RequestJson.readEnvironment(old);
        assertEquals("resident", e.memoryMode());
        assertEquals("cpu (2 threads)", e.device());
        assertEquals("unrecorded", e.cfgBatching(), "older files say nothing about CFG batching");
    }

    @Test
    void theCfgBatchingRoundTrips() throws Exception {
        dev.seedframe.domain.EngineEnvironment e = Samples.environment().withCfgBatching("batched");
        String json = RequestJson.write(e);
        assertTrue(json.contains("\"cfgBatching\":\"batched\""), json);
        assertEquals(e, RequestJson.readEnvironment(json));
    }

    @Test
    void theMemoryModeRoundTrips() throws Exception {
        dev.seedframe.domain.EngineEnvironment e = new dev.seedframe.domain.EngineEnvironment("0.1.0", "0.35.1",
                "2.7.1", "cuda:0 (NVIDIA GeForce RTX 4090, 24.0 GiB)", "bfloat16", "torch-cpu-mt19937-randn/v1",
                "sdpa", "Linux amd64", "int8");
        String json = RequestJson.write(e);
        assertTrue(json.contains("\"memoryMode\":\"int8\""), json);
        assertEquals(e, RequestJson.readEnvironment(json));
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        GenerationRequest r = RequestJson.parse("{\"v\":1,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":7,\"sampler\":\"euler\"}")
                .request();
        assertEquals(7, r.seed());
    }

    @Test
    void aRequestFromANewerSeedframeIsRefusedNamingItsFormat() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> RequestJson.parse("{\"v\":2,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":7}"));
        assertEquals("This request was written by a newer Seedframe (format 2); this version reads up to format 1."
                + " Update Seedframe to read it.", e.getMessage());
    }

    @Test
    void jsonWithoutAFormatVersionIsRefused() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> RequestJson.parse("{\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":7}"));
        assertTrue(e.getMessage().contains("no format version"), e.getMessage());
    }

    @Test
    void malformedJsonIsReportedAsSuch() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":"));
        assertTrue(e.getMessage().startsWith("The request JSON is malformed"), e.getMessage());
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedInTheMessage() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":\"abc\"}"));
        assertEquals("The request's \"seed\" must be a whole number, not \"abc\"", e.getMessage());
        InvalidJsonException frac = assertThrows(InvalidJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":1,\"steps\":2.5}"));
        assertEquals("The request's \"steps\" must be a whole number in the long range, not 2.5", frac.getMessage());
    }

    @Test
    void anUnknownPipelineKindIsNamedInTheMessage() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":\"video\",\"prompt\":\"x\",\"seed\":1}"));
        assertEquals("The request names an unknown pipeline kind \"video\"", e.getMessage());
    }

    @Test
    void aMaskReferenceThatIsNotASha256IsRefused() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":\"inpaint\",\"prompt\":\"x\",\"seed\":1,\"mask\":\"m.png\"}"));
        assertTrue(e.getMessage().contains("\"m.png\" is not a SHA-256 content address"), e.getMessage());
    }

    @Test
    void anInfiniteCfgCannotBeWritten() {
        GenerationRequest r = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).cfg(Double.NaN).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RequestJson.write(r));
        assertEquals("the request's cfg must be a finite number, not NaN", e.getMessage());
    }

    @Test
    void olderFormatsAreUpgradedOneStepAtATimeBeforeReading() throws Exception {
        // A made-up history: format 1 called the negative prompt "negative"; format 2 has four-digit
        // strength per mille. The chain must run both steps, in order.
        List<RequestJson.Upgrade> chain = List.of(
                o -> {
                    o.put("negativePrompt", o.remove("negative"));
                    o.put("v", 2);
                    return o;
                },
                o -> {
                    o.put("strength", ((Json.Num) o.get("strengthPerMille")).decimal().intValue() / 1000.0);
                    o.remove("strengthPerMille");
                    o.put("v", 3);
                    return o;
                });
        Map<String, Object> v1 = RequestJson.object(
                "{\"v\":1,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":1,\"negative\":\"ugly\",\"strengthPerMille\":750}",
                "request");
        Map<String, Object> upgraded = RequestJson.upgrade(v1, chain);
        assertEquals(3, upgraded.get("v"));
        assertEquals("ugly", upgraded.get("negativePrompt"));
        assertEquals(0.75, upgraded.get("strength"));
        assertEquals("ugly", v1.get("negative"), "the input document is not modified");
    }

    @Test
    void theUpgradeChainReachesTheCurrentFormat() {
        assertEquals(RequestJson.VERSION, RequestJson.UPGRADES.size() + 1);
    }

    @Test
    void modelIdentityAndEnvironmentRoundTripCanonically() throws Exception {
        String model = RequestJson.write(Samples.model());
        String env = RequestJson.write(Samples.environment());
        assertEquals(Samples.model(), RequestJson.readModel(model));
        assertEquals(Samples.environment(), RequestJson.readEnvironment(env));
        assertTrue(env.startsWith("{\"attention\":\"matmul-softmax\",\"cfgBatching\":\"separate\",\"device\":\"cpu\""), env);
        assertEquals(model, RequestJson.write(RequestJson.readModel(model)));
    }

    @Test
    void anEnvironmentWithMissingFieldsReadsThemAsNull() throws Exception {
        assertNull(RequestJson.readEnvironment("{\"v\":1,\"device\":\"cpu\"}").dtype());
    }

    @Test
    void notesRoundTripAsCodesWithTheirArguments() throws Exception {
        List<Note> notes = List.of(Note.of(NoteCode.CFG_OFF, 4.0),
                Note.of(NoteCode.EDIT_RESIZED, Note.of(NoteCode.FOR_VISION, Note.of(NoteCode.IMAGE_N, 2)), 1920, 1080,
                        504, 280, Note.of(NoteCode.TARGET_VISION)),
                Note.of(NoteCode.RECORDED, "图像 resized"));
        String json = RequestJson.writeNotes(notes);
        assertTrue(json.startsWith("[{\"args\":[\"4.0\"],\"code\":\"CFG_OFF\"},{\"args\":[{\"args\":[{\"args\":[\"2\"],"
                + "\"code\":\"IMAGE_N\"}],\"code\":\"FOR_VISION\"},\"1920\""), json);
        assertEquals(notes, RequestJson.readNotes(json));
        assertEquals("[]", RequestJson.writeNotes(List.of()));
    }

    @Test
    void aListOfSentencesFromAnEarlierSeedframeReadsAsCodes() throws Exception {
        List<Note> read = RequestJson.readNotes("[\"True CFG is off: a CFG scale of 4.0 needs a negative prompt"
                + " (\\\" \\\" is enough), as in diffusers.\",\"width 50 rounded to 48, a multiple of 16\"]");
        assertEquals(List.of(Note.of(NoteCode.CFG_OFF, "4.0"),
                Note.of(NoteCode.RECORDED, "width 50 rounded to 48, a multiple of 16")), read);
    }

    @Test
    void aNoteOfANewerSeedframeReadsAndPrintsItsCode() throws Exception {
        List<Note> read = RequestJson.readNotes("[{\"args\":[\"7\"],\"code\":\"SOMETHING_NEW\"}]");
        assertNull(read.get(0).known());
        assertEquals("SOMETHING_NEW [7]", read.get(0).english());
    }
}
