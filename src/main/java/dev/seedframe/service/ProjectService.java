package dev.seedframe.service;

import dev.seedframe.store.ProjectStoreFactory;
import dev.seedframe.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates and opens projects. */
public final class ProjectService {

    private final ProjectStoreFactory stores;

    public ProjectService(ProjectStoreFactory stores) {
        this.stores = stores;
    }

    /** Creates a new project file ({@code .seedframe} is appended when missing). */
    public Project create(Path file) throws StoreException {
        return new Project(stores.create(withExtension(file)));
    }

    public Project open(Path file) throws StoreException {
        return new Project(stores.open(file));
    }

    /** Opens {@code file} for commands that only read it; a file that cannot be written opens read-only. */
    public Project openForReading(Path file) throws StoreException {
        return new Project(stores.openForReading(file));
    }

    /**
     * Opens {@code file} if it exists, else creates it; several processes may do so for the same new name at once
     * and all end up in the one project.
     */
    public Project openOrCreate(Path file) throws StoreException {
        return new Project(stores.openOrCreate(Files.exists(file) ? file : withExtension(file)));
    }

    public static Path withExtension(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(ProjectStoreFactory.EXTENSION) ? file
                : file.resolveSibling(name + ProjectStoreFactory.EXTENSION);
    }
}
