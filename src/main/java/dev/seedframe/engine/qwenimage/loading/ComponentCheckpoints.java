package dev.seedframe.engine.qwenimage.loading;

import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.ComponentSource;
import dev.seedframe.engine.weights.WeightsException;
import java.util.ArrayList;
import java.util.List;

/**
 * The three weighted components' checkpoints of a folder, opened together: a problem with any of them (a missing
 * shard, a damaged header) is collected, and all of them are reported at once before any is used.
 */
public final class ComponentCheckpoints implements AutoCloseable {

    private Checkpoint transformer;
    private Checkpoint vae;
    private Checkpoint textEncoder;

    private ComponentCheckpoints() {}

    /**
     * Opens the transformer, VAE and text-encoder checkpoints, each from its folder or single file, or throws naming
     * every problem.
     */
    public static ComponentCheckpoints open(ModelSources sources) throws WeightsException {
        List<String> problems = new ArrayList<>();
        ComponentCheckpoints c = new ComponentCheckpoints();
        c.transformer = openOrCollect(sources.transformer(), problems);
        c.vae = openOrCollect(sources.vae(), problems);
        c.textEncoder = openOrCollect(sources.textEncoder(), problems);
        if (!problems.isEmpty()) {
            c.close();
            throw new WeightsException(String.join("\n", problems));
        }
        return c;
    }

    private static Checkpoint openOrCollect(ComponentSource source, List<String> problems) {
        try {
            return source.open();
        } catch (WeightsException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    public Checkpoint transformer() {
        return transformer;
    }

    public Checkpoint vae() {
        return vae;
    }

    public Checkpoint textEncoder() {
        return textEncoder;
    }

    /** Closes the text encoder's checkpoint once its fingerprint is taken (the encoder opens its own to load). */
    public void closeTextEncoder() {
        if (textEncoder != null) {
            textEncoder.close();
            textEncoder = null;
        }
    }

    /**
     * Hands the transformer checkpoint to the caller (it stays open while blocks are streamed or reloaded from it);
     * {@link #close()} then leaves it open.
     */
    public Checkpoint keepTransformer() {
        Checkpoint t = transformer;
        transformer = null;
        return t;
    }

    @Override
    public void close() {
        for (Checkpoint c : new Checkpoint[] {transformer, vae, textEncoder}) {
            if (c != null) {
                c.close();
            }
        }
        transformer = null;
        vae = null;
        textEncoder = null;
    }
}
