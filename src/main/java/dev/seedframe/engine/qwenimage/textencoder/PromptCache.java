package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.seedframe.engine.EngineException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prompt embeddings reused across generations: the same prompt with another seed, a batch of variants,
 * a replay, or the negative prompt shared by every request needs the text encoder once. Entries live on
 * the model's manager (never in a generation's scope) and the least recently used is released first.
 * The embeddings are a pure function of (prompt, max sequence length) for a loaded model, so reuse
 * cannot change a pixel.
 */
public final class PromptCache implements AutoCloseable {

    /** Entries kept; an entry of the real model is about 7 MB (512 tokens × 3584 × f32). */
    static final int CAPACITY = 8;

    private record Key(String prompt, int maxSequenceLength) {}

    private final PromptEncoder encoder;
    private final NDManager owner;
    private final LinkedHashMap<Key, PromptEmbeds> entries = new LinkedHashMap<>(16, 0.75f, true);
    private int hits;
    private int misses;

    public PromptCache(PromptEncoder encoder, NDManager owner) {
        this.encoder = encoder;
        this.owner = owner;
    }

    /** The embeddings of {@code prompt}; owned by the cache, valid until evicted or closed. */
    public synchronized PromptEmbeds get(String prompt, int maxSequenceLength) throws EngineException {
        Key key = new Key(prompt, maxSequenceLength);
        PromptEmbeds e = entries.get(key);
        if (e != null) {
            hits++;
            return e;
        }
        misses++;
        e = encoder.encode(prompt, maxSequenceLength, owner);
        NDScope.unregister(e.embeds());
        e.mask().ifPresent(NDScope::unregister);
        entries.put(key, e);
        evict();
        return e;
    }

    private void evict() {
        Iterator<Map.Entry<Key, PromptEmbeds>> it = entries.entrySet().iterator();
        while (entries.size() > CAPACITY && it.hasNext()) {
            Map.Entry<Key, PromptEmbeds> eldest = it.next();
            eldest.getValue().close();
            it.remove();
        }
    }

    public synchronized int hits() {
        return hits;
    }

    public synchronized int misses() {
        return misses;
    }

    @Override
    public synchronized void close() {
        entries.values().forEach(PromptEmbeds::close);
        entries.clear();
    }
}
