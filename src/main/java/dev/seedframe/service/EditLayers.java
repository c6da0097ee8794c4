package dev.seedframe.service;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.RgbImage;

/**
 * The policy "an edit becomes a layer", applied where generations are recorded ({@link Project#generate}), so an
 * edit makes its layer whether the studio or the command line ran it. An inpaint's layer holds only the region it
 * changed (the model's pixels there, its feathered mask as alpha); an img2img, an instruction edit or a raw inpaint
 * repaints its whole image, so its layer is the whole output, opaque (a full-resolution img2img: the box it
 * repainted). A generation that makes a new picture (text to image, an outpaint, which changes the size, an edit
 * whose output size differs from its input's) is not a layer: it is a base others are layered over.
 */
public final class EditLayers {

    private EditLayers() {}

    /**
     * The layer a generation makes over its input, or null.
     *
     * @param output the generation's image
     * @param changed what the engine says the edit changed, or null
     */
    public static LayerPixels layerOf(GenerationRequest request, RgbImage output, LayerPixels changed) {
        switch (request.kind()) {
            case INPAINT, IMAGE_TO_IMAGE, EDIT -> {
                if (request.images().isEmpty()) {
                    return null;
                }
                RgbImage input = request.images().get(0);
                if (input.width() != output.width() || input.height() != output.height()) {
                    return null; // a new picture at another size, not a layer over its input
                }
                if (changed != null && !request.raw()) {
                    return changed;
                }
                return LayerPixels.opaque(output);
            }
            default -> {
                return null;
            }
        }
    }
}
