package dev.seedframe.ui.view;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.ui.FxImages;
import dev.seedframe.ui.viewmodel.HistoryViewModel;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;

/**
 * Small pictures of history nodes for the tree, the layers and the variant tiles, made once per image; a node whose
 * image is not in memory gets its picture when the history has read it (off the FX thread).
 */
final class Thumbnails {

    private final HistoryViewModel history;
    private final Map<String, Image> made = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> e) {
            return size() > 300;
        }
    };

    Thumbnails(HistoryViewModel history) {
        this.history = history;
    }

    /** Puts {@code s}'s picture into {@code view}: now, or once read (if the view still shows {@code s} then). */
    void into(ImageView view, GenerationSummary s) {
        view.setUserData(s);
        if (s == null) {
            view.setImage(null);
            return;
        }
        Image img = made.get(s.imageSha256());
        view.setImage(img);
        if (img == null) {
            history.image(s.id(), rgb -> {
                Image fx = made.computeIfAbsent(s.imageSha256(), k -> FxImages.toFx(rgb));
                if (view.getUserData() == s) {
                    view.setImage(fx);
                }
            });
        }
    }
}
