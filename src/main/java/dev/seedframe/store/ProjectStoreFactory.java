package dev.seedframe.store;

import java.nio.file.Path;

/** Creates and opens project files, so services need not know the adapter. */
public interface ProjectStoreFactory {

    /** The file extension of project files, with the dot. */
    String EXTENSION = ".seedframe";

    /** Creates a new, empty project at {@code file}, which must not exist yet, and opens it. */
    ProjectStore create(Path file) throws StoreException;

    /**
     * Opens an existing project, upgrading an older schema after a backup copy. Files that are not
     * projects, are damaged or come from a newer Seedframe are refused with a clear message and left
     * exactly as they were.
     */
    ProjectStore open(Path file) throws StoreException;

    /**
     * Opens an existing project for commands that only read it: as {@link #open} when the file can be
     * written, else read-only (nothing written, audit entries skipped; an upgrade or repair it would need
     * is refused with the reason).
     */
    default ProjectStore openForReading(Path file) throws StoreException {
        return open(file);
    }

    /**
     * Opens {@code file}, creating it first when there is none; several processes may do this for the same
     * new name at once and all end up in the one project.
     */
    default ProjectStore openOrCreate(Path file) throws StoreException {
        return java.nio.file.Files.exists(file) ? open(file) : create(file);
    }
}
