package dev.seedframe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.SchedulerOverride;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestJsonTest {

    private static RequestJson.ImageResolver resolverOf(Map<String, RgbImage> images, Map<String, Mask> masks) {
        return new RequestJson.ImageResolver() {
            @Override
            public RgbImage image(String sha256) throws StoreException {
                RgbImage i = images.get(sha256);
                if (i == null) {
                    throw new StoreException("no image " + sha256);
                }
                return i;
            }

            @Override
            public Mask mask(String sha256) throws StoreException {
                Mask m = masks.get(sha256);
                if (m == null) {
                    throw new StoreException("no mask " + sha256);
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
    void imagesAndMaskAreWrittenAsContentAddresses() {
        RgbImage src = Samples.noise(8, 6, 1);
        Mask mask = Samples.mask(8, 6, 2);
        JsonObject o = JsonParser.parseString(RequestJson.write(Samples.inpaint(src, mask, 3))).getAsJsonObject();
        assertEquals(src.sha256(), o.getAsJsonArray("images").get(0).getAsString());
        assertEquals(mask.sha256(), o.get("mask").getAsString());
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
        InvalidRequestJsonException e = assertThrows(InvalidRequestJsonException.class,
                () -> RequestJson.parse("{\"v\":2,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":7}"));
        assertEquals("This request was written by a newer Seedframe (format 2); this version reads up to format 1."
                + " Update Seedframe to read it.", e.getMessage());
    }

    @Test
    void jsonWithoutAFormatVersionIsRefused() {
        InvalidRequestJsonException e = assertThrows(InvalidRequestJsonException.class,
                () -> RequestJson.parse("{\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":7}"));
        assertTrue(e.getMessage().contains("no format version"), e.getMessage());
    }

    @Test
    void malformedJsonIsReportedAsSuch() {
        InvalidRequestJsonException e = assertThrows(InvalidRequestJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":"));
        assertTrue(e.getMessage().startsWith("The request JSON is malformed"), e.getMessage());
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedInTheMessage() {
        InvalidRequestJsonException e = assertThrows(InvalidRequestJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":\"abc\"}"));
        assertEquals("The request's \"seed\" must be a whole number, not \"abc\"", e.getMessage());
        InvalidRequestJsonException frac = assertThrows(InvalidRequestJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":1,\"steps\":2.5}"));
        assertEquals("The request's \"steps\" must be a whole number in the long range, not 2.5", frac.getMessage());
    }

    @Test
    void anUnknownPipelineKindIsNamedInTheMessage() {
        InvalidRequestJsonException e = assertThrows(InvalidRequestJsonException.class,
                () -> RequestJson.parse("{\"v\":1,\"kind\":\"video\",\"prompt\":\"x\",\"seed\":1}"));
        assertEquals("The request names an unknown pipeline kind \"video\"", e.getMessage());
    }

    @Test
    void aMaskReferenceThatIsNotASha256IsRefused() {
        InvalidRequestJsonException e = assertThrows(InvalidRequestJsonException.class,
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
                    o.add("negativePrompt", o.remove("negative"));
                    o.addProperty("v", 2);
                    return o;
                },
                o -> {
                    o.addProperty("strength", o.get("strengthPerMille").getAsInt() / 1000.0);
                    o.remove("strengthPerMille");
                    o.addProperty("v", 3);
                    return o;
                });
        JsonObject v1 = JsonParser.parseString(
                "{\"v\":1,\"kind\":\"t2i\",\"prompt\":\"x\",\"seed\":1,\"negative\":\"ugly\",\"strengthPerMille\":750}")
                .getAsJsonObject();
        JsonObject upgraded = RequestJson.upgrade(v1, chain);
        assertEquals(3, upgraded.get("v").getAsInt());
        assertEquals("ugly", upgraded.get("negativePrompt").getAsString());
        assertEquals(0.75, upgraded.get("strength").getAsDouble());
        assertEquals("ugly", v1.get("negative").getAsString(), "the input document is not modified");
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
    void adjustmentListsRoundTrip() throws Exception {
        List<String> a = List.of("width 1000 rounded to 992", "图像 resized");
        assertEquals(a, RequestJson.readStrings(RequestJson.writeStrings(a)));
        assertEquals("[]", RequestJson.writeStrings(List.of()));
    }
}
