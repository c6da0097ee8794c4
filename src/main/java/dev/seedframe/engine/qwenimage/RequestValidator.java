package dev.seedframe.engine.qwenimage;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Hashes;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RequestLimits;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.SchedulerOverride;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.imageops.MaskOps;
import dev.seedframe.engine.qwenimage.loading.ModelConfigs;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.scheduler.SchedulerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a request against a model before anything runs, with a message that says what to change: first the limits
 * every request keeps whatever the model ({@link RequestLimits}, also applied to imported PNGs), then this model's
 * own (its kinds, size multiple, scheduler's fewest steps, context box work size, inputs); notes what the reference
 * would silently do differently (true CFG off without a negative prompt, a negative prompt unused).
 */
final class RequestValidator {

    /** Aspect ratios beyond this are too extreme for the edit model's one-megapixel conditioning. */
    static final double MAX_EDIT_ASPECT = 16;

    private final ModelConfigs configs;
    private final ModelCapabilities capabilities;
    private final FlowMatchEulerScheduler scheduler;

    RequestValidator(ModelConfigs configs, FlowMatchEulerScheduler scheduler) {
        this.configs = configs;
        this.capabilities = configs.capabilities();
        this.scheduler = scheduler;
    }

    /**
     * Checks {@code r}; adds the notes a run of it gets before it starts.
     *
     * @return the scheduler the run samples with: the model's own, or the request's override of it
     */
    FlowMatchEulerScheduler validate(GenerationRequest r, List<Note> notes) throws InvalidRequestException {
        if (!capabilities.kinds().contains(r.kind())) {
            throw new InvalidRequestException("This model (" + configs.folder().pipelineClass() + ") cannot run "
                    + r.kind().id() + "; it runs " + kindsText());
        }
        String limit = RequestLimits.firstProblem(r); // the model-independent limits, as import-png checks them
        if (limit != null) {
            throw new InvalidRequestException(limit);
        }
        if (r.context() != null) {
            FullResolution.validate(r, capabilities.sizeMultiple(), capabilities.maxSide());
        } else {
            checkSide("width", r.width());
            checkSide("height", r.height());
        }
        FlowMatchEulerScheduler runScheduler = scheduler(r.scheduler());
        int minSteps = runScheduler.minimumSteps();
        if (r.steps() < minSteps || r.steps() > RequestLimits.MAX_STEPS) {
            throw new InvalidRequestException("Steps must be between " + minSteps + " and " + RequestLimits.MAX_STEPS
                    + ", got " + r.steps() + (minSteps > 1 ? " (this " + (r.scheduler() == null ? "model's " : "")
                    + "scheduler stretches its schedule to a terminal value, which needs at least 2 steps)" : ""));
        }
        validateInputs(r);
        if (r.cfg() > 1 && r.negativePrompt() == null) {
            notes.add(Note.of(NoteCode.CFG_OFF, r.cfg()));
        } else if (r.negativePrompt() != null && r.cfg() <= 1) {
            notes.add(Note.of(NoteCode.NEGATIVE_UNUSED, r.cfg()));
        }
        return runScheduler;
    }

    /**
     * The model's scheduler, or one with the configuration {@code o} gives (a Lightning LoRA's), checked the way a
     * {@code scheduler_config.json} is.
     */
    private FlowMatchEulerScheduler scheduler(SchedulerOverride o) throws InvalidRequestException {
        return o == null ? scheduler : new FlowMatchEulerScheduler(config(o));
    }

    /** The scheduler configuration {@code o} gives, checked. */
    static SchedulerConfig config(SchedulerOverride o) throws InvalidRequestException {
        List<String> p = new ArrayList<>();
        if (o.numTrainTimesteps() < 1) {
            p.add("num_train_timesteps must be at least 1, got " + o.numTrainTimesteps());
        }
        if (!Double.isFinite(o.shift()) || !Double.isFinite(o.baseShift()) || !Double.isFinite(o.maxShift())) {
            p.add("the shifts must be finite numbers");
        }
        if (!o.useDynamicShifting() && !(o.shift() > 0)) {
            p.add("shift must be above 0, got " + o.shift());
        }
        if (o.useDynamicShifting() && (o.baseImageSeqLen() < 1 || o.maxImageSeqLen() == o.baseImageSeqLen())) {
            p.add("with dynamic shifting base_image_seq_len must be at least 1 and max_image_seq_len differ from it"
                    + " (got " + o.baseImageSeqLen() + " and " + o.maxImageSeqLen() + ")");
        }
        if (o.shiftTerminal() != null && !(o.shiftTerminal() > 0 && o.shiftTerminal() < 1)) {
            p.add("shift_terminal must be between 0 and 1 (or none), got " + o.shiftTerminal());
        }
        if (!o.timeShiftType().equals(SchedulerOverride.EXPONENTIAL) && !o.timeShiftType().equals(SchedulerOverride.LINEAR)) {
            p.add("time_shift_type must be exponential or linear, got " + o.timeShiftType());
        }
        if (!p.isEmpty()) {
            throw new InvalidRequestException("The request's scheduler configuration cannot be used: "
                    + String.join("; ", p));
        }
        String text = o.numTrainTimesteps() + " " + o.shift() + " " + o.useDynamicShifting() + " " + o.baseShift() + " "
                + o.maxShift() + " " + o.baseImageSeqLen() + " " + o.maxImageSeqLen() + " " + o.shiftTerminal() + " "
                + o.timeShiftType();
        return new SchedulerConfig(o.numTrainTimesteps(), o.shift(), o.useDynamicShifting(), o.baseShift(),
                o.maxShift(), o.baseImageSeqLen(), o.maxImageSeqLen(), o.shiftTerminal(), o.timeShiftType(),
                Hashes.sha256Hex(text));
    }

    /** Input images, mask, strength and outpaint extents of the image-conditioned kinds. */
    private void validateInputs(GenerationRequest r) throws InvalidRequestException {
        PipelineKind k = r.kind();
        if (k == PipelineKind.TEXT_TO_IMAGE) {
            return;
        }
        if (k == PipelineKind.EDIT) {
            validateEditInputs(r);
            return;
        }
        if (r.images().size() != 1) {
            throw new InvalidRequestException(k.id() + " needs exactly one input image, got " + r.images().size());
        }
        RgbImage img = r.images().get(0);
        int m = capabilities.sizeMultiple();
        if (img.width() < m || img.height() < m) {
            throw new InvalidRequestException("The input image is " + img.width() + "×" + img.height()
                    + " pixels: too small for this model (at least " + m + " pixels on each side)");
        }
        if (FlowMatchEulerScheduler.strengthWindow(r.steps(), r.strength()).stepsRun() < 1) {
            throw new InvalidRequestException("With strength " + r.strength() + " and " + r.steps()
                    + " steps no denoising step would run; raise the strength or the steps");
        }
        if (k == PipelineKind.INPAINT) {
            Mask mask = r.mask();
            if (mask == null) {
                throw new InvalidRequestException("Inpainting needs a mask (white = repaint, black = keep)");
            }
            if (mask.width() != img.width() || mask.height() != img.height()) {
                throw new InvalidRequestException("The mask is " + mask.width() + "×" + mask.height()
                        + " but the image is " + img.width() + "×" + img.height() + "; they must be the same size");
            }
            if (MaskOps.binarizedIsEmpty(mask)) {
                throw new InvalidRequestException(mask.isEmpty()
                        ? "The mask has nothing painted: paint the region to repaint in white"
                        : "The mask has no pixel at 50% or more: nothing would be repainted (white = repaint)");
            }
        }
        if (k == PipelineKind.OUTPAINT && (r.outpaint() == null || r.outpaint().isEmpty())) {
            throw new InvalidRequestException("Outpainting needs an amount to add on at least one side");
        }
    }

    /** One input image for Qwen-Image-Edit, one to {@code maxImages} for Edit Plus, each of a usable size. */
    private void validateEditInputs(GenerationRequest r) throws InvalidRequestException {
        int max = capabilities.maxImages();
        int n = r.images().size();
        if (n < 1 || n > max) {
            throw new InvalidRequestException("This edit model (" + configs.folder().pipelineClass() + ") takes "
                    + (max == 1 ? "exactly one input image" : "1 to " + max + " input images") + ", got " + n);
        }
        for (int i = 0; i < n; i++) {
            RgbImage img = r.images().get(i);
            String what = n == 1 ? "The input image" : "Input image " + (i + 1);
            double aspect = (double) Math.max(img.width(), img.height()) / Math.min(img.width(), img.height());
            if (aspect > MAX_EDIT_ASPECT) {
                throw new InvalidRequestException(what + " is " + img.width() + "×" + img.height()
                        + " pixels: its aspect ratio is above 16:1, too extreme for the edit model's one-megapixel"
                        + " conditioning");
            }
        }
    }

    private void checkSide(String what, int px) throws InvalidRequestException {
        int m = capabilities.sizeMultiple();
        if (px < m || px > ModelConfigs.MAX_SIDE_PX) {
            throw new InvalidRequestException("The " + what + " must be between " + m + " and "
                    + ModelConfigs.MAX_SIDE_PX + " pixels, got " + px);
        }
        if (px % m != 0) {
            int lo = px / m * m;
            throw new InvalidRequestException(String.format(Locale.ROOT,
                    "The %s %d is not a multiple of %d (this model's VAE factor %d × patch size %d); use %d or %d",
                    what, px, m, configs.vae().scaleFactor(), configs.transformer().patchSize(), lo, lo + m));
        }
    }

    private String kindsText() {
        List<String> k = new ArrayList<>();
        for (PipelineKind p : capabilities.kinds()) {
            k.add(p.id());
        }
        return String.join(", ", k);
    }
}
