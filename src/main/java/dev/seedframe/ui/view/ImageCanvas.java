package dev.seedframe.ui.view;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.ui.FxImages;
import dev.seedframe.ui.viewmodel.MaskModel;
import dev.seedframe.ui.viewmodel.CanvasViewModel;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The canvas: the current image (or the live preview while generating), zoomed and panned, with the
 * mask painted over it. Left drag paints (or erases) the mask at image resolution; right or middle drag
 * pans; the wheel zooms around the pointer.
 */
public final class ImageCanvas extends Region {

    static final double MIN_SCALE = 0.05;
    static final double MAX_SCALE = 32;

    private final CanvasViewModel vm;
    private final Canvas canvas = new Canvas();
    private Image image;
    private Image previewImage;
    private WritableImage overlay;
    private int[] overlayPixels;
    private double scale = 1;
    private double offsetX;
    private double offsetY;
    private boolean fitPending = true;
    /** The designer zoomed or panned: a change of the room keeps their view instead of fitting again. */
    private boolean userView;
    private double lastX;
    private double lastY;
    private double pointerX = -1;
    private double pointerY = -1;
    private boolean painting;
    private boolean panning;

    private final Subscriptions subscriptions = new Subscriptions();

    /** Stops following the view model (the view that holds this canvas was replaced). */
    public void dispose() {
        subscriptions.cancelAll();
    }

    public ImageCanvas(CanvasViewModel vm) {
        this.vm = vm;
        setId("canvas");
        getStyleClass().add("image-canvas");
        getChildren().add(canvas);
        setMinSize(200, 200);
        subscriptions.listen(vm.imageProperty(), (o, a, img) -> {
            boolean sizeChanged = a == null || img == null || a.width() != img.width() || a.height() != img.height();
            image = img == null ? null : FxImages.toFx(img);
            if (sizeChanged) {
                fitPending = true;
            }
            redraw();
        });
        subscriptions.listen(vm.previewProperty(), (o, a, p) -> {
            double w = imageWidth();
            double h = imageHeight();
            previewImage = p == null ? null : FxImages.toFx(p);
            // a preview of another size (a new size, an outpaint) is fitted as itself, never stretched
            if (w != imageWidth() || h != imageHeight()) {
                fitPending = true;
            }
            redraw();
        });
        subscriptions.listen(vm.maskVersionProperty(), (o, a, b) -> refreshOverlay());
        subscriptions.listen(vm.maskProperty(), (o, a, b) -> refreshOverlay());
        subscriptions.listen(vm.overlayOpacityProperty(), (o, a, b) -> redraw());
        subscriptions.listen(vm.brushSizeProperty(), (o, a, b) -> redraw());
        subscriptions.listen(vm.maskingBinding(), (o, a, b) -> redraw());
        subscriptions.listen(vm.maskShownProperty(), (o, a, b) -> redraw());
        if (vm.image() != null) {
            image = FxImages.toFx(vm.image());
        }
        refreshOverlay();
        addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            painting = false;
            panning = false;
        });
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            pointerX = e.getX();
            pointerY = e.getY();
            redraw();
        });
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            pointerX = -1;
            redraw();
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

    /**
     * The size drawn, in output pixels: while previewing, the running request's (the preview may be decoded
     * at half resolution, and may have another shape than the image shown before), else the image's.
     */
    private double imageWidth() {
        if (previewImage != null) {
            return vm.runSize()[0];
        }
        RgbImage img = vm.image();
        return img != null ? img.width() : 0;
    }

    private double imageHeight() {
        if (previewImage != null) {
            return vm.runSize()[1];
        }
        RgbImage img = vm.image();
        return img != null ? img.height() : 0;
    }

    /** Scales the image to fit the view, centred. */
    public void fit() {
        double iw = imageWidth();
        double ih = imageHeight();
        if (iw <= 0 || getWidth() <= 0) {
            fitPending = true;
            return;
        }
        scale = Math.min((getWidth() - 32) / iw, (getHeight() - 32) / ih);
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
        offsetX = (getWidth() - imageWidth() * scale) / 2;
        offsetY = (getHeight() - imageHeight() * scale) / 2;
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

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() != 0) {
            zoom(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15, e.getX(), e.getY());
        }
        e.consume();
    }

    /** The mask is painted, and drawn, in Inpaint mode only; elsewhere a drag pans. */
    private boolean masking() {
        return vm.masking();
    }

    private void onPressed(MouseEvent e) {
        requestFocus();
        lastX = e.getX();
        lastY = e.getY();
        if (e.getButton() == MouseButton.PRIMARY && masking() && vm.mask() != null && vm.image() != null) {
            painting = true;
            vm.mask().beginStroke();
            double[] p = toImage(e.getX(), e.getY());
            vm.mask().dab(p[0], p[1], vm.brushSizeProperty().get() / 2, vm.brushHardnessProperty().get(),
                    vm.eraserProperty().get());
            vm.maskChanged();
        } else {
            panning = true;
        }
        e.consume();
    }

    private void onDragged(MouseEvent e) {
        pointerX = e.getX();
        pointerY = e.getY();
        if (painting && vm.mask() != null) {
            double[] a = toImage(lastX, lastY);
            double[] b = toImage(e.getX(), e.getY());
            vm.mask().line(a[0], a[1], b[0], b[1], vm.brushSizeProperty().get() / 2,
                    vm.brushHardnessProperty().get(), vm.eraserProperty().get());
            vm.maskChanged();
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

    private double[] toImage(double x, double y) {
        return new double[] {(x - offsetX) / scale, (y - offsetY) / scale};
    }

    private void refreshOverlay() {
        MaskModel m = vm.mask();
        if (m == null) {
            overlay = null;
            redraw();
            return;
        }
        if (overlay == null || overlay.getWidth() != m.width() || overlay.getHeight() != m.height()) {
            overlay = new WritableImage(m.width(), m.height());
            overlayPixels = new int[m.width() * m.height()];
        }
        byte[] v = m.raw();
        for (int i = 0; i < v.length; i++) {
            int a = v[i] & 0xff;
            // accent orange-red, alpha = mask value; the overall opacity is applied when drawing
            overlayPixels[i] = (a << 24) | 0xff5a36;
        }
        overlay.getPixelWriter().setPixels(0, 0, m.width(), m.height(), PixelFormat.getIntArgbInstance(),
                overlayPixels, 0, m.width());
        redraw();
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#18191c"));
        g.fillRect(0, 0, w, h);
        if (fitPending && imageWidth() > 0 && w > 0) {
            fit();
            return;
        }
        double iw = imageWidth() * scale;
        double ih = imageHeight() * scale;
        if (iw <= 0) {
            return;
        }
        g.setImageSmoothing(scale < 1);
        g.setFill(Color.web("#000000", 0.35));
        g.fillRect(offsetX + 4, offsetY + 6, iw, ih);
        Image shown = previewImage != null ? previewImage : image;
        if (shown != null) {
            g.drawImage(shown, offsetX, offsetY, iw, ih);
        }
        if (overlay != null && previewImage == null && image != null && masking() && vm.maskShownProperty().get()) {
            g.setGlobalAlpha(vm.overlayOpacityProperty().get());
            g.drawImage(overlay, offsetX, offsetY, iw, ih);
            g.setGlobalAlpha(1);
        }
        g.setStroke(Color.web("#3a3d44"));
        g.setLineWidth(1);
        g.strokeRect(offsetX - 0.5, offsetY - 0.5, iw + 1, ih + 1);
        if (pointerX >= 0 && image != null && masking()) {
            double r = vm.brushSizeProperty().get() / 2 * scale;
            g.setStroke(Color.web("#ffffff", 0.85));
            g.strokeOval(pointerX - r, pointerY - r, 2 * r, 2 * r);
            g.setStroke(Color.web("#000000", 0.5));
            g.strokeOval(pointerX - r - 1, pointerY - r - 1, 2 * r + 2, 2 * r + 2);
        }
    }
}
