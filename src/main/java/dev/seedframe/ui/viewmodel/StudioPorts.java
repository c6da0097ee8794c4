package dev.seedframe.ui.viewmodel;

import dev.seedframe.service.Studio;
import dev.seedframe.service.StudioEngine;
import dev.seedframe.service.StudioGpu;
import dev.seedframe.service.StudioHistory;
import dev.seedframe.service.StudioLoras;
import dev.seedframe.service.StudioMasks;
import dev.seedframe.service.StudioMemory;
import dev.seedframe.service.StudioModelLibrary;
import dev.seedframe.service.StudioModels;
import dev.seedframe.service.StudioPictures;
import dev.seedframe.service.StudioPreferences;
import dev.seedframe.service.StudioProjects;
import dev.seedframe.service.StudioRuns;

/**
 * The doors of the {@link Studio} service each panel's view model uses (a unit test hands fakes of the ones it
 * needs), and what closes it when the window closes.
 */
public record StudioPorts(StudioModels models, StudioRuns runs, StudioHistory history, StudioProjects projects,
        StudioEngine engine, StudioMasks masks, StudioPictures pictures, StudioMemory memory, AutoCloseable closer,
        StudioModelLibrary library, StudioGpu gpu, StudioPreferences preferences, StudioLoras loras) {

    /** Without the LoRA panel's door (tests of the other panels). */
    public StudioPorts(StudioModels models, StudioRuns runs, StudioHistory history, StudioProjects projects,
            StudioEngine engine, StudioMasks masks, StudioPictures pictures, StudioMemory memory,
            AutoCloseable closer, StudioModelLibrary library, StudioGpu gpu, StudioPreferences preferences) {
        this(models, runs, history, projects, engine, masks, pictures, memory, closer, library, gpu, preferences,
                null);
    }

    /** Without the model picker's, the GPU set-up's and the preferences' doors (tests of the other panels). */
    public StudioPorts(StudioModels models, StudioRuns runs, StudioHistory history, StudioProjects projects,
            StudioEngine engine, StudioMasks masks, StudioPictures pictures, StudioMemory memory,
            AutoCloseable closer) {
        this(models, runs, history, projects, engine, masks, pictures, memory, closer, null, StudioGpu.NONE, null,
                null);
    }

    public static StudioPorts of(Studio studio) {
        return new StudioPorts(studio, studio, studio, studio, studio, studio, studio.pictures(), studio.memory(),
                studio, studio.modelLibrary(), studio.gpu(), studio, studio);
    }
}
