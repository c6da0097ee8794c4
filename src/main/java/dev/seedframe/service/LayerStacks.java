package dev.seedframe.service;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Histories;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.Compositing;
import dev.seedframe.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layers as a designer means them: a node's picture as its base (the image its chain of edits started from) and,
 * over it, one layer per edit of the chain, each holding what that edit changed ({@link EditLayers}). Visibility and
 * opacity per layer recompose the picture: with every layer shown and opaque it is the node's image again (within
 * one level where an inpaint's feathered edge blends, its alpha being kept in 8 bits); hiding an edit shows what is
 * below it.
 */
public final class LayerStacks {

    /**
     * One layer of a stack.
     *
     * @param layer the stored layer (its id, visibility and opacity)
     * @param generation the edit it holds
     * @param pixels its pixels, placed in the base image
     */
    public record Entry(Layer layer, GenerationSummary generation, LayerPixels pixels) {}

    /**
     * A node's layer stack.
     *
     * @param nodeId the node whose picture it makes
     * @param base the node the edits started from
     * @param baseImage its image
     * @param layers the edits over it, bottom first
     */
    public record Stack(long nodeId, GenerationSummary base, RgbImage baseImage, List<Entry> layers) {

        public Stack {
            layers = List.copyOf(layers);
        }

        /** The picture the visible layers make over the base, with their opacities. */
        public RgbImage composite() {
            List<Compositing.Placed> shown = new ArrayList<>();
            for (Entry e : layers) {
                if (e.layer().visible()) {
                    shown.add(new Compositing.Placed(e.pixels(), e.layer().opacity()));
                }
            }
            return Compositing.composite(baseImage, shown);
        }

        /** This stack with layer {@code layerId} shown or hidden, at {@code opacity} (what a layers panel shows). */
        public Stack withLayer(long layerId, boolean visible, double opacity) {
            List<Entry> changed = new ArrayList<>();
            for (Entry e : layers) {
                Layer l = e.layer();
                changed.add(l.id() != layerId ? e : new Entry(new Layer(l.id(), l.position(), l.generationId(),
                        l.imageSha256(), visible, opacity, l.x(), l.y(), l.alphaSha256()), e.generation(), e.pixels()));
            }
            return new Stack(nodeId, base, baseImage, changed);
        }

        /** The layer holding generation {@code generationId}'s edit. */
        public java.util.Optional<Entry> layerOf(long generationId) {
            return layers.stream().filter(e -> e.generation().id() == generationId).findFirst();
        }
    }

    private LayerStacks() {}

    /** The layer stack of node {@code id}. */
    public static Stack of(Project project, long id) throws StoreException {
        return of(project, id, Set.of());
    }

    /**
     * The layer stack node {@code id} would have once the nodes {@code deleted} are deleted (the studio's trash:
     * deleted nodes that can still be restored): their children hang from their parents, and their layers are gone,
     * as {@link Project#delete} leaves them.
     *
     * @throws IllegalArgumentException when {@code id} is one of {@code deleted}
     */
    public static Stack of(Project project, long id, Set<Long> deleted) throws StoreException {
        if (deleted.contains(id)) {
            throw new IllegalArgumentException("#" + id + " is deleted");
        }
        Map<Long, GenerationSummary> byId = new HashMap<>();
        for (GenerationSummary s : Histories.withoutDeleted(project.history(), deleted)) {
            byId.put(s.id(), s);
        }
        Map<Long, Layer> layerOf = new HashMap<>();
        for (Layer l : project.layers()) {
            if (l.generationId() != null && !deleted.contains(l.generationId())) {
                layerOf.putIfAbsent(l.generationId(), l);
            }
        }
        GenerationSummary cur = byId.get(id);
        if (cur == null) {
            project.load(id); // says that it is not in the project
        }
        List<Map.Entry<GenerationSummary, Layer>> chain = new ArrayList<>();
        while (true) {
            Layer l = layerOf.get(cur.id());
            GenerationSummary parent = cur.parentId() == null ? null : byId.get(cur.parentId());
            if (l == null || parent == null || parent.width() != cur.width() || parent.height() != cur.height()) {
                break;
            }
            chain.add(0, Map.entry(cur, l));
            cur = parent;
        }
        List<Entry> layers = new ArrayList<>();
        for (Map.Entry<GenerationSummary, Layer> e : chain) {
            Layer l = e.getValue();
            RgbImage px = project.image(l.imageSha256());
            LayerPixels pixels = new LayerPixels(l.x(), l.y(), px,
                    l.alphaSha256() == null ? null : project.mask(l.alphaSha256()));
            layers.add(new Entry(l, e.getKey(), pixels));
        }
        return new Stack(id, cur, project.image(cur.imageSha256()), layers);
    }
}
