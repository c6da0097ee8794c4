package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.iconButton;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.StudioPictures;
import dev.seedframe.service.StudioMemory.Folder;
import dev.seedframe.ui.FxImages;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.HistoryViewModel;
import dev.seedframe.ui.viewmodel.LayersViewModel;
import dev.seedframe.ui.viewmodel.PicturesViewModel;
import dev.seedframe.ui.viewmodel.PicturesViewModel.Incoming;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Window;

/**
 * Getting pictures in and out, in the window: File → Open picture… and the exports, the Edit menu's copy and paste,
 * pictures dropped on the window, the picture dragged out of the canvas, and the banner offering an imported PNG's
 * settings. Bound to the {@link PicturesViewModel}; what a dragboard or the clipboard holds is read by {@link
 * #incoming}, the one place both go through.
 */
final class PicturesView {

    private final PicturesViewModel pictures;
    private final HistoryViewModel history;
    private final LayersViewModel layers;
    private final I18n i18n;
    private final Supplier<Window> window;
    private final Subscriptions subscriptions;
    private final Supplier<Choosers> choosers;

    PicturesView(PicturesViewModel pictures, HistoryViewModel history, I18n i18n, Subscriptions subscriptions,
            Supplier<Window> window, Supplier<Choosers> choosers) {
        this.choosers = choosers;
        this.pictures = pictures;
        this.subscriptions = subscriptions;
        this.history = history;
        this.layers = history.layers();
        this.i18n = i18n;
        this.window = window;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    // ------------------------------------------------------------------ what a dragboard or the clipboard holds

    /** What {@code c} (the clipboard, or a drop's dragboard) brings to import. */
    static Incoming incoming(Clipboard c) {
        List<Path> files = c.hasFiles() ? c.getFiles().stream().map(File::toPath).toList() : List.of();
        String address = c.hasUrl() ? c.getUrl() : c.hasString() ? firstLine(c.getString()) : null;
        Image img = c.hasImage() ? c.getImage() : null;
        if (img != null && (img.isError() || img.getWidth() < 1)) {
            img = null;
        }
        return new Incoming(files, address, img == null ? null : FxImages.fromFx(img),
                img == null ? null : FxImages.alphaOf(img));
    }

    /** The first line of a text that is not a comment (a {@code text/uri-list} may hold several). */
    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        return s.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse(null);
    }

    /** Pictures dropped anywhere on {@code target} are imported (not the canvas's own picture dragged out). */
    void installDrops(Node target, Node dragSource) {
        target.addEventHandler(DragEvent.DRAG_OVER, e -> {
            Dragboard db = e.getDragboard();
            if (e.getGestureSource() != dragSource && (db.hasFiles() || db.hasImage() || db.hasUrl())) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        target.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            if (e.getGestureSource() == dragSource) {
                return;
            }
            drop(e.getDragboard());
            e.setDropCompleted(true);
            e.consume();
        });
    }

    /** What a drop does with its dragboard (the seam a test drives: a dragboard cannot be made outside a drag). */
    void drop(Clipboard dragboard) {
        pictures.importIncoming(incoming(dragboard));
    }

    /** Ctrl+V: imports the picture, picture file or picture address on the system clipboard. */
    void paste() {
        pictures.importIncoming(incoming(Clipboard.getSystemClipboard()));
    }

    // ------------------------------------------------------------------ out: copy and drag

    /** The picture on the canvas for the clipboard or a drag: the pixels and a PNG file; empty when none. */
    private Optional<ClipboardContent> shownContent(RgbImage shown) {
        if (shown == null) {
            return Optional.empty();
        }
        Path file = pictures.shownAsFile();
        if (file == null) {
            return Optional.empty();
        }
        ClipboardContent c = new ClipboardContent();
        c.putImage(FxImages.toFx(shown));
        c.putFiles(List.of(file.toFile()));
        return Optional.of(c);
    }

    /** Ctrl+C: puts the picture on the canvas on the system clipboard, as pixels and as a PNG file. */
    void copy(RgbImage shown) {
        shownContent(shown).ifPresent(c -> {
            Clipboard.getSystemClipboard().setContent(c);
            pictures.copied();
        });
    }

    /**
     * Dragging the picture out of the canvas (with the left button, outside Inpaint mode, where the left button
     * paints) gives the other application the pixels and a PNG file.
     */
    void installDragOut(ImageCanvas canvas, Supplier<RgbImage> shown, BooleanSupplier masking) {
        canvas.addEventHandler(MouseEvent.DRAG_DETECTED, e -> {
            if (e.getButton() != MouseButton.PRIMARY || masking.getAsBoolean()) {
                return;
            }
            RgbImage img = shown.get();
            shownContent(img).ifPresent(c -> {
                Dragboard db = canvas.startDragAndDrop(TransferMode.COPY);
                db.setContent(c);
                javafx.scene.image.ImageView thumb = new javafx.scene.image.ImageView(c.getImage());
                thumb.setPreserveRatio(true);
                thumb.setFitWidth(Math.min(160, img.width()));
                thumb.setFitHeight(Math.min(160, img.height()));
                db.setDragView(thumb.snapshot(null, null));
                e.consume();
            });
        });
    }

    // ------------------------------------------------------------------ the offer banner

    /** "photo.png carries its generation settings: [Use its settings] [×]", while an import offers them. */
    Node offerBanner() {
        Label text = new Label();
        text.setId("offerText");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button use = new Button(t("offer.use"));
        use.setId("useSettings");
        use.setOnAction(e -> pictures.useOfferedSettings());
        Button close = iconButton("mdi2c-close", t("action.dismiss"));
        close.setId("dismissOffer");
        close.setOnAction(e -> pictures.dismissOffer());
        HBox banner = new HBox(10, Icons.of("mdi2f-file-image-outline"), text, use, close);
        banner.setId("offerBanner");
        banner.getStyleClass().add("offer-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        Consumer<PicturesViewModel.Offer> show = o -> {
            banner.setVisible(o != null);
            if (o != null) {
                text.setText(i18n.f(o.exact() ? "offer.exact" : "offer.parameters", o.name(), o.nodeId()));
            }
        };
        subscriptions.listen(pictures.offerProperty(), (obs, a, o) -> show.accept(o));
        show.accept(pictures.offerProperty().get());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    // ------------------------------------------------------------------ menus

    /** File → Open picture…. */
    MenuItem openItem() {
        MenuItem open = new MenuItem(t("menu.openPicture"), Icons.of("mdi2i-image-plus"));
        open.setId("menu-openPicture");
        open.setAccelerator(Shortcut.OPEN_PICTURE.combination());
        open.setOnAction(e -> openPictures());
        return open;
    }

    void openPictures() {
        List<Path> files = choosers.get().openPictures(window.get(), t("menu.openPicture"), t("file.pictures"),
                StudioPictures.EXTENSIONS, pictures.folder(Folder.IMPORT).orElse(null));
        pictures.importFiles(files);
    }

    /** File → the layers flattened, the layers as OpenRaster, several nodes to a folder. */
    List<MenuItem> exportItems() {
        MenuItem flat = new MenuItem(t("menu.exportFlattened"));
        flat.setId("menu-exportFlattened");
        flat.setOnAction(e -> exportFlattened());
        MenuItem ora = new MenuItem(t("menu.exportOra"));
        ora.setId("menu-exportOra");
        ora.setOnAction(e -> exportOpenRaster());
        for (MenuItem mi : List.of(flat, ora)) {
            mi.disableProperty().bind(layers.nodeIdProperty().isNull());
        }
        Menu several = new Menu(t("menu.exportSeveral"), Icons.of("mdi2e-export-variant"));
        several.setId("menu-exportSeveral");
        several.getItems().addAll(
                severalItem("starred-data", "menu.exportStarredData", () -> history.starredIds(), true),
                severalItem("starred-pixels", "menu.exportStarredPixels", () -> history.starredIds(), false),
                severalItem("picked-data", "menu.exportPickedData", history::pickedOrSelected, true),
                severalItem("picked-pixels", "menu.exportPickedPixels", history::pickedOrSelected, false));
        return List.of(flat, ora, several);
    }

    private MenuItem severalItem(String id, String key, Supplier<List<Long>> ids, boolean withData) {
        MenuItem mi = new MenuItem(t(key));
        mi.setId("menu-export-" + id);
        mi.setOnAction(e -> exportSeveral(ids.get(), withData));
        return mi;
    }

    void exportSeveral(List<Long> ids, boolean withData) {
        if (ids.isEmpty()) {
            pictures.exportNodes(ids, null, withData); // says there is nothing to export
            return;
        }
        choosers.get().folder(window.get(), i18n.f("chooser.exportSeveral", ids.size()),
                pictures.folder(Folder.EXPORT).orElse(null)).ifPresent(dir -> pictures.exportNodes(ids, dir, withData));
    }

    void exportFlattened() {
        Long id = layers.nodeIdProperty().get();
        if (id != null) {
            saveAs("menu.exportFlattened", "PNG", "png", "seedframe-" + id + "-flattened.png")
                    .ifPresent(layers::exportFlattened);
        }
    }

    void exportOpenRaster() {
        Long id = layers.nodeIdProperty().get();
        if (id != null) {
            saveAs("menu.exportOra", "OpenRaster", "ora", "seedframe-" + id + ".ora").ifPresent(layers::exportOpenRaster);
        }
    }

    /** A file to write, starting in the export folder last used (which the choice then becomes). */
    Optional<Path> saveAs(String titleKey, String filter, String ext, String name) {
        Optional<Path> out = choosers.get().saveFile(window.get(), t(titleKey), filter, ext, name,
                pictures.folder(Folder.EXPORT).orElse(null));
        out.map(p -> p.toAbsolutePath().getParent()).ifPresent(dir -> pictures.rememberFolder(Folder.EXPORT, dir));
        return out;
    }

    /** Edit: undo delete, copy picture, paste picture (their keys are handled by the window: see StudioView). */
    Menu editMenu(Runnable undo, Runnable copy, Runnable paste) {
        Menu edit = new Menu(t("menu.edit"));
        edit.setId("menu-edit");
        MenuItem undoItem = new MenuItem(t("menu.undoDelete"), Icons.of("mdi2d-delete-restore"));
        undoItem.setId("menu-undoDelete");
        undoItem.setOnAction(e -> undo.run());
        Runnable label = () -> {
            List<Long> trash = history.trash();
            undoItem.setDisable(trash.isEmpty());
            undoItem.setText(trash.isEmpty() ? t("menu.undoDelete")
                    : i18n.f("menu.undoDeleteOf", trash.get(trash.size() - 1)));
        };
        edit.setOnShowing(e -> label.run());
        label.run();
        MenuItem copyItem = new MenuItem(t("menu.copyPicture"), Icons.of("mdi2c-content-copy"));
        copyItem.setId("menu-copyPicture");
        copyItem.setOnAction(e -> copy.run());
        copyItem.disableProperty().bind(history.selectedIdProperty().isNull());
        MenuItem pasteItem = new MenuItem(t("menu.pastePicture"), Icons.of("mdi2c-content-paste"));
        pasteItem.setId("menu-pastePicture");
        pasteItem.setOnAction(e -> paste.run());
        // shown for the keys; the window handles them (outside text fields, where they copy and paste text)
        undoItem.setAccelerator(Shortcut.UNDO.combination());
        copyItem.setAccelerator(Shortcut.COPY.combination());
        pasteItem.setAccelerator(Shortcut.PASTE.combination());
        edit.getItems().addAll(undoItem, new javafx.scene.control.SeparatorMenuItem(), copyItem, pasteItem);
        return edit;
    }
}
