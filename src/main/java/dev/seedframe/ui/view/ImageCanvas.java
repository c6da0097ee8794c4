package dev.seedframe.ui.view;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.ui.FxImages;
import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.CanvasViewModel;
import dev.seedframe.ui.viewmodel.MaskTool;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The canvas: the current image (or the live preview while generating: a full-resolution edit's within its box),
 * zoomed and panned, with the mask over it. In Inpaint mode a left drag works with the chosen mask tool ({@link
 * BrushTool}, {@link RectangleTool}, {@link LassoTool}, {@link PolygonTool}) at image resolution, and a drag on the
 * context box's edges resizes it ({@link ContextBoxHandles}); in Outpaint mode the canvas the outpaint will make is
 * shown around the image ({@link OutpaintFrame}). Right or middle drag pans (left drag too outside Inpaint mode);
 * the wheel zooms around the pointer.
 */
public final class ImageCanvas extends Region {

    static final double MIN_SCALE = 0.05;
    static final double MAX_SCALE = 32;

    private final CanvasViewModel vm;
    private final I18n i18n;
    private final Canvas canvas = new Canvas();
    private final MaskOverlay overlay = new MaskOverlay();
    private final Map<MaskTool, CanvasTool> tools = new EnumMap<>(MaskTool.class);
    private final ContextBoxHandles boxHandles;
    private Image image;
    private Image previewImage;
    private Image overlayFill;
    private double scale = 1;
    private double offsetX;
    private double offsetY;
    private boolean fitPending = true;
    /** The designer zoomed or panned: a change of the room keeps their view instead of fitting again. */
    private boolean userView;
    /** What is fitted into the view, in image coordinates: {x, y, width, height}. */
    private double[] content = {0, 0, 0, 0};
    private double lastX;
    private double lastY;
    private double pointerX = -1;
    private double pointerY = -1;
    /** The tool a press went to, until its release (null: the press pans). */
    private CanvasTool active;
    private boolean panning;

    private final Subscriptions subscriptions = new Subscriptions();

    /** Stops following the view model (the view that holds this canvas was replaced). */
    public void dispose() {
        subscriptions.cancelAll();
    }

    public ImageCanvas(CanvasViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        this.boxHandles = new ContextBoxHandles(this, vm.contextBox(), i18n);
        tools.put(MaskTool.BRUSH, new BrushTool(this, vm));
        tools.put(MaskTool.RECTANGLE, new RectangleTool(this, vm));
        tools.put(MaskTool.LASSO, new LassoTool(this, vm));
        tools.put(MaskTool.POLYGON, new PolygonTool(this, vm));
        setId("canvas");
        getStyleClass().add("image-canvas");
        getChildren().add(canvas);
        setMinSize(200, 200);
        setFocusTraversable(false);
        subscriptions.listen(vm.imageProperty(), (o, a, img) -> {
            image = img == null ? null : FxImages.toFx(img);
            contentChanged();
        });
        subscriptions.listen(vm.previewProperty(), (o, a, p) -> {
            previewImage = p == null ? null : FxImages.toFx(p);
            contentChanged();
        });
        subscriptions.listen(vm.maskVersionProperty(), (o, a, b) -> refreshOverlay());
        subscriptions.listen(vm.maskProperty(), (o, a, b) -> refreshOverlay());
        subscriptions.listen(vm.overlayRgbProperty(), (o, a, b) -> refreshOverlay());
        subscriptions.listen(vm.overlayOpacityProperty(), (o, a, b) -> redraw());
        subscriptions.listen(vm.brushSizeProperty(), (o, a, b) -> redraw());
        subscriptions.listen(vm.maskingBinding(), (o, a, b) -> {
            cancelShapes();
            redraw();
        });
        subscriptions.listen(vm.toolProperty(), (o, a, b) -> {
            cancelShapes();
            updateCursor();
            redraw();
        });
        subscriptions.listen(vm.maskOutlinedProperty(), (o, a, b) -> redraw());
        subscriptions.listen(vm.contextBox().boxProperty(), (o, a, b) -> redraw());
        subscriptions.listen(vm.outpaintPreviewProperty(), (o, a, b) -> contentChanged());
        if (vm.image() != null) {
            image = FxImages.toFx(vm.image());
        }
        refreshOverlay();
        addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::onReleased);
        addEventHandler(MouseEvent.MOUSE_MOVED, this::onMoved);
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            pointerX = -1;
            redraw();
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (vm.masking() && tool().key(e)) {
                e.consume();
            }
        });
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            if (!userView) {
                fitPending = true; // the variants strip, the error banner or the window changed the room
            }
        }
        redraw();
    }

    // ------------------------------------------------------------------ what is shown, and the view on it

    /**
     * What the view fits, in image coordinates: while previewing a run of the whole canvas, the running request's
     * size (the preview may be decoded at half resolution, and may have another shape than the image shown before);
     * in Outpaint mode, the image with the area the outpaint will add; else the image.
     */
    private double[] content() {
        RgbImage img = vm.image();
        if (previewImage != null && !previewInImage()) {
            return new double[] {0, 0, vm.runSize()[0], vm.runSize()[1]};
        }
        if (img == null) {
            return new double[] {0, 0, 0, 0};
        }
        Outpaint o = vm.outpaintPreviewProperty().get();
        if (o != null && previewImage == null) {
            return new double[] {-o.left(), -o.top(), img.width() + o.left() + o.right(),
                img.height() + o.top() + o.bottom()};
        }
        return new double[] {0, 0, img.width(), img.height()};
    }

    /** Whether the live preview is of a box within the image shown (a full-resolution edit of it). */
    private boolean previewInImage() {
        ContextBox box = vm.runBox();
        RgbImage img = vm.image();
        int[] run = vm.runSize();
        return box != null && img != null && img.width() == run[0] && img.height() == run[1]
                && !(box.x() == 0 && box.y() == 0 && box.width() == run[0] && box.height() == run[1]);
    }

    /** A new image, preview or outpaint area: fitted again when what is shown changed its extent. */
    private void contentChanged() {
        double[] c = content();
        if (!java.util.Arrays.equals(c, content)) {
            content = c;
            fitPending = true;
        }
        redraw();
    }

    /** Scales what is shown to fit the view, centred. */
    public void fit() {
        content = content();
        if (content[2] <= 0 || getWidth() <= 0) {
            fitPending = true;
            return;
        }
        scale = Math.min((getWidth() - 32) / content[2], (getHeight() - 32) / content[3]);
        scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale));
        center();
        fitPending = false;
        userView = false;
        redraw();
    }

    /** One image pixel per screen pixel, centred. */
    public void actualSize() {
        userView = true;
        scale = 1;
        center();
        redraw();
    }

    private void center() {
        offsetX = (getWidth() - content[2] * scale) / 2 - content[0] * scale;
        offsetY = (getHeight() - content[3] * scale) / 2 - content[1] * scale;
    }

    /** Zoom by {@code factor} around view point {@code (x, y)}. */
    public void zoom(double factor, double x, double y) {
        userView = true;
        double s = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
        offsetX = x - (x - offsetX) * s / scale;
        offsetY = y - (y - offsetY) * s / scale;
        scale = s;
        redraw();
    }

    public double scale() {
        return scale;
    }

    /** The view point of image pixel {@code (ix, iy)} (its top-left corner). */
    public double[] toView(double ix, double iy) {
        return new double[] {offsetX + ix * scale, offsetY + iy * scale};
    }

    private double[] toImage(double x, double y) {
        return new double[] {(x - offsetX) / scale, (y - offsetY) / scale};
    }

    // ------------------------------------------------------------------ pointer and keys

    private CanvasTool tool() {
        return tools.get(vm.toolProperty().get());
    }

    private void cancelShapes() {
        tools.values().forEach(CanvasTool::cancel);
    }

    private boolean canMask() {
        return vm.masking() && vm.mask() != null && vm.image() != null && previewImage == null;
    }

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() != 0) {
            zoom(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15, e.getX(), e.getY());
        }
        e.consume();
    }

    private void onPressed(MouseEvent e) {
        requestFocus();
        lastX = e.getX();
        lastY = e.getY();
        double[] p = toImage(e.getX(), e.getY());
        if (e.getButton() == MouseButton.PRIMARY && canMask()) {
            // the box's edges take the press, unless a polygon is being clicked
            active = !tool().busy() && boxHandles.edgesAt(p[0], p[1]) != null ? boxHandles : tool();
            active.pressed(p[0], p[1], e);
        } else {
            panning = true;
        }
        e.consume();
    }

    private void onDragged(MouseEvent e) {
        pointerX = e.getX();
        pointerY = e.getY();
        if (active != null) {
            double[] p = toImage(e.getX(), e.getY());
            active.dragged(p[0], p[1], e);
            redraw();
        } else if (panning) {
            userView = true;
            offsetX += e.getX() - lastX;
            offsetY += e.getY() - lastY;
            redraw();
        }
        lastX = e.getX();
        lastY = e.getY();
        e.consume();
    }

    private void onReleased(MouseEvent e) {
        if (active != null) {
            double[] p = toImage(e.getX(), e.getY());
            CanvasTool t = active;
            active = null;
            t.released(p[0], p[1], e);
        }
        panning = false;
        redraw();
    }

    private void onMoved(MouseEvent e) {
        pointerX = e.getX();
        pointerY = e.getY();
        if (canMask()) {
            double[] p = toImage(e.getX(), e.getY());
            tool().moved(p[0], p[1]);
            Cursor c = tool().busy() ? null : boxHandles.cursorAt(p[0], p[1]);
            setCursor(c != null ? c : tool().cursor());
        }
        redraw();
    }

    private void updateCursor() {
        setCursor(vm.masking() ? tool().cursor() : Cursor.DEFAULT);
    }

    // ------------------------------------------------------------------ drawing

    private void refreshOverlay() {
        overlayFill = vm.mask() == null ? null : overlay.fill(vm.mask(), vm.overlayRgbProperty().get());
        redraw();
    }

    void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#18191c"));
        g.fillRect(0, 0, w, h);
        if (fitPending && w > 0 && content()[2] > 0) {
            fit();
            return;
        }
        boolean wholePreview = previewImage != null && !previewInImage();
        double iw = (wholePreview ? vm.runSize()[0] : image == null ? 0 : image.getWidth()) * scale;
        double ih = (wholePreview ? vm.runSize()[1] : image == null ? 0 : image.getHeight()) * scale;
        if (iw <= 0) {
            return;
        }
        g.setImageSmoothing(scale < 1);
        Outpaint o = vm.outpaintPreviewProperty().get();
        if (o != null && !wholePreview && previewImage == null) {
            int cw = (int) image.getWidth() + o.left() + o.right();
            int ch = (int) image.getHeight() + o.top() + o.bottom();
            OutpaintFrame.draw(g, this, o, image.getWidth(), image.getHeight(),
                    i18n.f("out.caption", cw, ch, o.left(), o.right(), o.top(), o.bottom()));
        }
        g.setFill(Color.web("#000000", 0.35));
        g.fillRect(offsetX + 4, offsetY + 6, iw, ih);
        if (wholePreview) {
            g.drawImage(previewImage, offsetX, offsetY, iw, ih);
        } else {
            g.drawImage(image, offsetX, offsetY, iw, ih);
            if (previewImage != null) {
                ContextBox b = vm.runBox();
                double[] a = toView(b.x(), b.y());
                g.drawImage(previewImage, a[0], a[1], b.width() * scale, b.height() * scale);
            }
        }
        g.setStroke(Color.web("#3a3d44"));
        g.setLineWidth(1);
        g.strokeRect(offsetX - 0.5, offsetY - 0.5, iw + 1, ih + 1);
        if (canMask()) {
            drawMask(g, (int) w, (int) h);
            boxHandles.draw(g, pointerX, pointerY);
            tool().draw(g, pointerX, pointerY);
        }
    }

    private void drawMask(GraphicsContext g, int w, int h) {
        g.setGlobalAlpha(vm.overlayOpacityProperty().get());
        if (vm.maskOutlinedProperty().get()) {
            g.setGlobalAlpha(1);
            g.setImageSmoothing(false);
            g.drawImage(overlay.outline(vm.mask(), vm.maskVersionProperty().get(), vm.overlayRgbProperty().get(),
                    scale, offsetX, offsetY, w, h), 0, 0);
        } else if (overlayFill != null) {
            g.drawImage(overlayFill, offsetX, offsetY, image.getWidth() * scale, image.getHeight() * scale);
        }
        g.setGlobalAlpha(1);
    }
}
