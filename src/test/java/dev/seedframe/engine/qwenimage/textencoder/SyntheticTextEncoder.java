package dev.seedframe.engine.qwenimage.textencoder;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.seedframe.engine.weights.SafetensorsWriter;
import dev.seedframe.engine.weights.HalfFloats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes small Qwen2.5-VL text-encoder checkpoints with seeded random weights in any of the layouts
 * the loader must accept, and computes their forward pass independently, in plain Java doubles
 * (straight from the transformers equations, no DJL), as the reference for tests.
 *
 * <p>Dimension letters: A position axes, B batch, S sequence, D width, H heads, Hkv kv heads, Dh head width.
 */
final class SyntheticTextEncoder {

    /** How a checkpoint spells its keys and stores its weights. */
    record Layout(boolean languageModelKeys, boolean tied, boolean bf16, boolean nestedConfig, boolean sharded) {}

    final int vocab;
    final int hidden;
    final int inter;
    final int layers;
    final int heads;
    final int kvHeads;
    final int[] mrope;
    final double theta = 1e6;
    final double eps = 1e-6;

    /** Canonical (legacy) key → values, exactly as stored (bf16-rounded when stored as BF16). */
    final Map<String, float[]> weights = new LinkedHashMap<>();
    final Map<String, long[]> shapes = new LinkedHashMap<>();

    /** Rows of embed_tokens when the table is not held densely (large sparse checkpoints). */
    final Map<Long, float[]> embedRows = new LinkedHashMap<>();

    SyntheticTextEncoder(int vocab, int hidden, int inter, int layers, int heads, int kvHeads, int[] mrope, long seed,
            boolean bf16Values) {
        this(vocab, hidden, inter, layers, heads, kvHeads, mrope, seed, bf16Values, null);
    }

    /**
     * @param sparseRows null for a dense random embedding table; otherwise only these rows get (random)
     *     values, and the table is written sparse by {@link #writeSparse}
     */
    SyntheticTextEncoder(int vocab, int hidden, int inter, int layers, int heads, int kvHeads, int[] mrope, long seed,
            boolean bf16Values, long[] sparseRows) {
        this.vocab = vocab;
        this.hidden = hidden;
        this.inter = inter;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.mrope = mrope.clone();
        Random r = new Random(seed);
        int dh = hidden / heads;
        if (sparseRows == null) {
            put("model.embed_tokens.weight", r, 1.0, bf16Values, vocab, hidden);
        } else {
            for (long id : sparseRows) {
                float[] row = new float[hidden];
                for (int i = 0; i < hidden; i++) {
                    row[i] = (float) r.nextGaussian();
                }
                embedRows.put(id, row);
            }
        }
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            put(p + "input_layernorm.weight", r, -1, bf16Values, hidden);
            put(p + "post_attention_layernorm.weight", r, -1, bf16Values, hidden);
            double s = 1.0 / Math.sqrt(hidden);
            put(p + "self_attn.q_proj.weight", r, 2 * s, bf16Values, heads * dh, hidden);
            put(p + "self_attn.q_proj.bias", r, 0.1, bf16Values, heads * dh);
            put(p + "self_attn.k_proj.weight", r, 2 * s, bf16Values, kvHeads * dh, hidden);
            put(p + "self_attn.k_proj.bias", r, 0.1, bf16Values, kvHeads * dh);
            put(p + "self_attn.v_proj.weight", r, s, bf16Values, kvHeads * dh, hidden);
            put(p + "self_attn.v_proj.bias", r, 0.1, bf16Values, kvHeads * dh);
            put(p + "self_attn.o_proj.weight", r, 1.0 / Math.sqrt(heads * dh), bf16Values, hidden, heads * dh);
            put(p + "mlp.gate_proj.weight", r, s, bf16Values, inter, hidden);
            put(p + "mlp.up_proj.weight", r, s, bf16Values, inter, hidden);
            put(p + "mlp.down_proj.weight", r, 1.0 / Math.sqrt(inter), bf16Values, hidden, inter);
        }
        put("model.norm.weight", r, -1, bf16Values, hidden);
    }

    /** scale < 0: a norm weight around 1. */
    private void put(String key, Random r, double scale, boolean bf16, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            double x = scale < 0 ? 1.0 + 0.2 * r.nextGaussian() : scale * r.nextGaussian();
            v[i] = bf16 ? HalfFloats.roundToBf16((float) x) : (float) x;
        }
        weights.put(key, v);
        shapes.put(key, shape);
    }

    static String stored(String key, boolean languageModelKeys) {
        if (!languageModelKeys) {
            return key;
        }
        return key.startsWith("visual.") ? "model." + key : key.replaceFirst("^model\\.", "model.language_model.");
    }

    /** Writes {@code dir/config.json} and the weights. */
    void write(Path dir, Layout layout) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config(layout).toString());
        Map<String, float[]> all = new LinkedHashMap<>(weights);
        if (!layout.tied()) {
            all.put("lm_head.weight", weights.get("model.embed_tokens.weight"));
        }
        // a stand-in for the vision tower, which the text encoder must skip
        all.put("visual.merger.ln_q.weight", new float[hidden]);
        List<String> keys = List.copyOf(all.keySet());
        int half = keys.size() / 2;
        SafetensorsWriter a = new SafetensorsWriter();
        SafetensorsWriter b = new SafetensorsWriter();
        JsonObject weightMap = new JsonObject();
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            long[] shape = k.equals("lm_head.weight") ? shapes.get("model.embed_tokens.weight")
                    : k.startsWith("visual.") ? new long[] {hidden} : shapes.get(k);
            SafetensorsWriter w = layout.sharded() && i >= half ? b : a;
            String name = stored(k, layout.languageModelKeys());
            if (layout.bf16()) {
                w.addBf16(name, all.get(k), shape);
            } else {
                w.addF32(name, all.get(k), shape);
            }
            weightMap.addProperty(name, layout.sharded() && i >= half
                    ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors");
        }
        if (layout.sharded()) {
            a.write(dir.resolve("model-00001-of-00002.safetensors"));
            b.write(dir.resolve("model-00002-of-00002.safetensors"));
            JsonObject index = new JsonObject();
            index.add("metadata", new JsonObject());
            index.add("weight_map", weightMap);
            Files.writeString(dir.resolve("model.safetensors.index.json"), index.toString());
        } else {
            a.write(dir.resolve("model.safetensors"));
        }
    }

    JsonObject config(Layout layout) {
        JsonObject text = new JsonObject();
        text.addProperty("hidden_size", hidden);
        text.addProperty("intermediate_size", inter);
        text.addProperty("num_hidden_layers", layers);
        text.addProperty("num_attention_heads", heads);
        text.addProperty("num_key_value_heads", kvHeads);
        text.addProperty("vocab_size", vocab);
        text.addProperty("rms_norm_eps", eps);
        text.addProperty("hidden_act", "silu");
        JsonArray section = new JsonArray();
        for (int s : mrope) {
            section.add(s);
        }
        JsonObject rope = new JsonObject();
        rope.add("mrope_section", section);
        JsonObject root = new JsonObject();
        root.addProperty("model_type", "qwen2_5_vl");
        root.addProperty("tie_word_embeddings", layout.tied());
        root.addProperty("image_token_id", 151655);
        if (layout.nestedConfig()) {
            rope.addProperty("rope_type", "default");
            rope.addProperty("rope_theta", theta);
            text.add("rope_parameters", rope);
            root.add("text_config", text);
        } else {
            rope.addProperty("type", "mrope");
            text.add("rope_scaling", rope);
            text.addProperty("rope_theta", theta);
            for (var e : text.entrySet()) {
                root.add(e.getKey(), e.getValue());
            }
        }
        return root;
    }

    /**
     * The last hidden state, computed from the equations in doubles.
     *
     * @param ids {@code [B][S]}
     * @param mask {@code [B][S]} 0/1
     * @param pos {@code [A][B][S]}
     * @return {@code [B][S][D]}; rows of padded positions are left zero
     */
    double[][][] forward(long[][] ids, int[][] mask, long[][][] pos) {
        int batch = ids.length;
        int seq = ids[0].length;
        int dh = hidden / heads;
        int groups = heads / kvHeads;
        double[][][] h = new double[batch][seq][hidden];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < seq; s++) {
                float[] row = embedRow(ids[b][s]);
                for (int d = 0; d < hidden; d++) {
                    h[b][s][d] = row[d];
                }
            }
        }
        // cos/sin per (b, s, channel): channel c belongs to section i of mrope·2 and takes axis i mod 3
        int[] axisOf = new int[dh];
        int c0 = 0;
        for (int i = 0; i < 2 * mrope.length; i++) {
            for (int j = 0; j < mrope[i % mrope.length]; j++) {
                axisOf[c0++] = i % 3;
            }
        }
        double[][][] cos = new double[batch][seq][dh];
        double[][][] sin = new double[batch][seq][dh];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < seq; s++) {
                for (int c = 0; c < dh; c++) {
                    int k = c % (dh / 2);
                    double invFreq = 1.0 / Math.pow(theta, (2.0 * k) / dh);
                    double angle = pos[axisOf[c]][b][s] * invFreq;
                    cos[b][s][c] = Math.cos(angle);
                    sin[b][s][c] = Math.sin(angle);
                }
            }
        }
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            double[][][] x = rms(h, weights.get(p + "input_layernorm.weight"));
            double[][][] q = linear(x, p + "self_attn.q_proj", heads * dh, true);
            double[][][] k = linear(x, p + "self_attn.k_proj", kvHeads * dh, true);
            double[][][] v = linear(x, p + "self_attn.v_proj", kvHeads * dh, true);
            rope(q, heads, dh, cos, sin);
            rope(k, kvHeads, dh, cos, sin);
            double[][][] attn = new double[batch][seq][heads * dh];
            for (int b = 0; b < batch; b++) {
                for (int hq = 0; hq < heads; hq++) {
                    int hk = hq / groups;
                    for (int s = 0; s < seq; s++) {
                        if (mask[b][s] == 0) {
                            continue;
                        }
                        double[] w = new double[seq];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int t = 0; t <= s; t++) {
                            if (mask[b][t] == 0) {
                                w[t] = Double.NEGATIVE_INFINITY;
                                continue;
                            }
                            double dot = 0;
                            for (int c = 0; c < dh; c++) {
                                dot += q[b][s][hq * dh + c] * k[b][t][hk * dh + c];
                            }
                            w[t] = dot / Math.sqrt(dh);
                            max = Math.max(max, w[t]);
                        }
                        double sum = 0;
                        for (int t = 0; t <= s; t++) {
                            w[t] = mask[b][t] == 0 ? 0 : Math.exp(w[t] - max);
                            sum += w[t];
                        }
                        for (int t = 0; t <= s; t++) {
                            for (int c = 0; c < dh; c++) {
                                attn[b][s][hq * dh + c] += w[t] / sum * v[b][t][hk * dh + c];
                            }
                        }
                    }
                }
            }
            add(h, linear(attn, p + "self_attn.o_proj", hidden, false));
            double[][][] y = rms(h, weights.get(p + "post_attention_layernorm.weight"));
            double[][][] gate = linear(y, p + "mlp.gate_proj", inter, false);
            double[][][] up = linear(y, p + "mlp.up_proj", inter, false);
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < seq; s++) {
                    for (int i = 0; i < inter; i++) {
                        double g = gate[b][s][i];
                        gate[b][s][i] = g / (1 + Math.exp(-g)) * up[b][s][i];
                    }
                }
            }
            add(h, linear(gate, p + "mlp.down_proj", hidden, false));
        }
        double[][][] out = rms(h, weights.get("model.norm.weight"));
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < seq; s++) {
                if (mask[b][s] == 0) {
                    out[b][s] = new double[hidden];
                }
            }
        }
        return out;
    }

    float[] embedRow(long id) {
        float[] dense = weights.get("model.embed_tokens.weight");
        if (dense != null) {
            return java.util.Arrays.copyOfRange(dense, (int) id * hidden, (int) (id + 1) * hidden);
        }
        float[] row = embedRows.get(id);
        if (row == null) {
            return new float[hidden]; // never written: the sparse file reads zeros there
        }
        return row;
    }

    /**
     * One F32 shard {@code model.safetensors} holding {@code lm_head.weight} and {@code embed_tokens}
     * as holes (never written, read back as zeros), then the layers; afterwards the chosen embedding
     * rows are written in place. Returns the file.
     */
    Path writeSparse(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"),
                config(new Layout(false, false, false, true, false)).toString());
        SafetensorsWriter w = new SafetensorsWriter();
        w.add("lm_head.weight", dev.seedframe.engine.weights.StDType.F32, new long[] {vocab, hidden}, null);
        w.add("model.embed_tokens.weight", dev.seedframe.engine.weights.StDType.F32, new long[] {vocab, hidden}, null);
        for (var e : weights.entrySet()) {
            w.addF32(e.getKey(), e.getValue(), shapes.get(e.getKey()));
        }
        Path file = dir.resolve("model.safetensors");
        w.write(file);
        long begin;
        try (var f = dev.seedframe.engine.weights.SafetensorsFile.open(file)) {
            begin = f.info("model.embed_tokens.weight").begin();
        } catch (dev.seedframe.engine.weights.WeightsException e) {
            throw new IOException(e);
        }
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            for (var e : embedRows.entrySet()) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(hidden * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(e.getValue());
                long pos = begin + e.getKey() * hidden * 4L;
                while (b.hasRemaining()) {
                    pos += ch.write(b, pos);
                }
            }
        }
        return file;
    }

    private double[][][] rms(double[][][] x, float[] w) {
        double[][][] out = new double[x.length][x[0].length][hidden];
        for (int b = 0; b < x.length; b++) {
            for (int s = 0; s < x[0].length; s++) {
                double ms = 0;
                for (double v : x[b][s]) {
                    ms += v * v;
                }
                double inv = 1.0 / Math.sqrt(ms / hidden + eps);
                for (int d = 0; d < hidden; d++) {
                    out[b][s][d] = x[b][s][d] * inv * w[d];
                }
            }
        }
        return out;
    }

    private double[][][] linear(double[][][] x, String prefix, int out, boolean bias) {
        float[] w = weights.get(prefix + ".weight");
        float[] bv = bias ? weights.get(prefix + ".bias") : null;
        int in = x[0][0].length;
        double[][][] y = new double[x.length][x[0].length][out];
        for (int b = 0; b < x.length; b++) {
            for (int s = 0; s < x[0].length; s++) {
                for (int o = 0; o < out; o++) {
                    double acc = bv == null ? 0 : bv[o];
                    int row = o * in;
                    for (int i = 0; i < in; i++) {
                        acc += w[row + i] * x[b][s][i];
                    }
                    y[b][s][o] = acc;
                }
            }
        }
        return y;
    }

    private static void rope(double[][][] x, int nHeads, int dh, double[][][] cos, double[][][] sin) {
        int half = dh / 2;
        for (int b = 0; b < x.length; b++) {
            for (int s = 0; s < x[0].length; s++) {
                for (int hd = 0; hd < nHeads; hd++) {
                    double[] v = new double[dh];
                    System.arraycopy(x[b][s], hd * dh, v, 0, dh);
                    for (int c = 0; c < dh; c++) {
                        double rot = c < half ? -v[c + half] : v[c - half];
                        x[b][s][hd * dh + c] = v[c] * cos[b][s][c] + rot * sin[b][s][c];
                    }
                }
            }
        }
    }

    private static void add(double[][][] h, double[][][] d) {
        for (int b = 0; b < h.length; b++) {
            for (int s = 0; s < h[0].length; s++) {
                for (int i = 0; i < h[0][0].length; i++) {
                    h[b][s][i] += d[b][s][i];
                }
            }
        }
    }

    static float[] flatten(double[][][] x) {
        float[] out = new float[x.length * x[0].length * x[0][0].length];
        int n = 0;
        for (double[][] a : x) {
            for (double[] r : a) {
                for (double v : r) {
                    out[n++] = (float) v;
                }
            }
        }
        return out;
    }

    /** Text positions: {@code cumsum(mask) - 1} on every axis (padding: 1). */
    static long[][][] textPositions(int[][] mask) {
        long[][][] pos = new long[3][mask.length][mask[0].length];
        for (int b = 0; b < mask.length; b++) {
            long run = 0;
            for (int s = 0; s < mask[0].length; s++) {
                run += mask[b][s];
                for (int a = 0; a < 3; a++) {
                    pos[a][b][s] = mask[b][s] == 0 ? 1 : run - 1;
                }
            }
        }
        return pos;
    }
}
