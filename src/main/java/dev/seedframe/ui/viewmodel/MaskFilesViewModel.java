package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.StudioMasks;
import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The canvas's masks from elsewhere: a mask PNG imported (refused, with both sizes, when it is not the picture's
 * size) or exported, and the mask a picture's transparency gives when the node shown is an import with an alpha
 * channel. Each replaces the mask as one undo step; files and the project are read off the UI thread.
 */
public final class MaskFilesViewModel {

    private final StudioMasks port;
    private final Feedback feedback;
    private final UiExecutors executors;
    private final CanvasViewModel canvas;
    private final ObjectProperty<Long> shownNode = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper alphaAvailable = new ReadOnlyBooleanWrapper(false);
    private Mask alpha;
    /** The node whose transparency {@link #alpha} is (null: not read yet). */
    private Long alphaOf;

    public MaskFilesViewModel(StudioMasks port, Feedback feedback, UiExecutors executors, CanvasViewModel canvas) {
        this.port = port;
        this.feedback = feedback;
        this.executors = executors;
        this.canvas = canvas;
        shownNode.addListener((o, a, id) -> readAlpha());
        canvas.maskingBinding().addListener((o, a, on) -> readAlpha());
    }

    /** Reads the shown node's transparency, once per node, in Inpaint mode only (where masks are painted). */
    private void readAlpha() {
        Long id = shownNode.get();
        if (id == null) {
            alphaOf = null;
            alpha = null;
            alphaAvailable.set(false);
            return;
        }
        if (!canvas.masking() || id.equals(alphaOf)) {
            return;
        }
        alphaOf = id;
        alpha = null;
        alphaAvailable.set(false);
        executors.io(() -> port.alphaMask(id), found -> {
            if (id.equals(shownNode.get())) {
                alpha = found.orElse(null);
                alphaAvailable.set(found.isPresent());
            }
        }, f -> {
            alphaOf = null;
            feedback.showFailure(f);
        });
    }

    /** The mask that repaints the transparent parts of the imported picture shown (one undo step). */
    public void maskFromAlpha() {
        RgbImage img = canvas.image();
        Mask a = alpha;
        if (img == null || a == null) {
            feedback.error(feedback.t("error.noAlpha"));
            return;
        }
        if (a.width() != img.width() || a.height() != img.height()) {
            feedback.error(feedback.f("error.maskSize", a.width(), a.height(), img.width(), img.height(), "alpha"));
            return;
        }
        feedback.dismissError();
        canvas.replaceMask(a);
        feedback.status(feedback.t("status.maskFromAlpha"));
    }

    /** Reads {@code file} as the mask (white = repaint); a mask of another size than the picture is refused. */
    public void importMask(Path file) {
        RgbImage img = canvas.image();
        if (img == null) {
            feedback.error(feedback.t("error.noImage"));
            return;
        }
        feedback.dismissError();
        executors.io(() -> port.readMask(file), m -> {
            RgbImage now = canvas.image();
            if (now == null || m.width() != now.width() || m.height() != now.height()) {
                feedback.error(feedback.f("error.maskSize", m.width(), m.height(), now == null ? 0 : now.width(),
                        now == null ? 0 : now.height(), file.getFileName()));
                return;
            }
            canvas.replaceMask(m);
            feedback.status(feedback.f("status.maskImported", file.getFileName()));
        }, feedback::showFailure);
    }

    /** Writes the mask as a greyscale PNG (white = repaint), the picture's size. */
    public void exportMask(Path file) {
        MaskModel m = canvas.mask();
        if (m == null || canvas.image() == null) {
            feedback.error(feedback.t("error.noImage"));
            return;
        }
        Mask snapshot = m.toMask();
        executors.io(() -> {
            port.writeMask(snapshot, file);
            return file;
        }, f -> feedback.status(feedback.f("status.maskExported", f.getFileName(), snapshot.width(),
                snapshot.height())), feedback::showFailure);
    }

    /** The node whose picture the canvas shows (the wiring binds it to the history's). */
    public ObjectProperty<Long> shownNodeProperty() {
        return shownNode;
    }

    /** Whether the picture shown is an import with transparency: {@link #maskFromAlpha()} can make its mask. */
    public ReadOnlyBooleanProperty alphaAvailableProperty() {
        return alphaAvailable.getReadOnlyProperty();
    }
}
