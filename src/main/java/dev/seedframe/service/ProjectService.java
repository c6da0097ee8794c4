package dev.seedframe.service;

import dev.seedframe.store.ProjectStoreFactory;
import dev.seedframe.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates and opens projects. */
public final class ProjectService {

    private final ProjectStoreFactory stores;
    private final GenerationService generation;
    private final ModelRegistry registry;
    private final Path defaultModel;

    public ProjectService(ProjectStoreFactory stores, GenerationService generation, ModelRegistry registry,
            Path defaultModel) {
        this.stores = stores;
        this.generation = generation;
        this.registry = registry;
        this.defaultModel = defaultModel;
    }

    /** Creates a new project file ({@code .seedframe} is appended when missing). */
    public Project create(Path file) throws StoreException {
        return new Project(stores.create(withExtension(file)), generation, registry, defaultModel);
    }

    public Project open(Path file) throws StoreException {
        return new Project(stores.open(file), generation, registry, defaultModel);
    }

    /** Opens {@code file} for commands that only read it; a file that cannot be written opens read-only. */
    public Project openForReading(Path file) throws StoreException {
        return new Project(stores.openForReading(file), generation, registry, defaultModel);
    }

    /** Opens {@code file} if it exists, else creates it. */
    public Project openOrCreate(Path file) throws StoreException {
        return new Project(stores.openOrCreate(Files.exists(file) ? file : withExtension(file)), generation, registry,
                defaultModel);
    }

    /**
     * Imports {@code png} into {@code projectFile}; a project that does not exist yet is created only once the
     * PNG has been read and its request checked, so a failed import leaves no empty project behind.
     */
    public Project.ImportResult importPng(Path projectFile, Path png) throws StoreException,
            dev.seedframe.imaging.ImageFormatException, java.io.IOException,
            dev.seedframe.engine.InvalidRequestException {
        if (!Files.exists(projectFile)) {
            Project.readImport(png, null); // a PNG whose inputs are not embedded cannot go into a new project anyway
        }
        try (Project p = openOrCreate(projectFile)) {
            return p.importPng(png);
        }
    }

    public static Path withExtension(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(ProjectStoreFactory.EXTENSION) ? file
                : file.resolveSibling(name + ProjectStoreFactory.EXTENSION);
    }
}
