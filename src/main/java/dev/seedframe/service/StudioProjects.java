package dev.seedframe.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The studio's door to project files: which one is open, new, open, save as, recent. */
public interface StudioProjects {

    /**
     * Opens the project to start with: the most recent one that opens, else the default project (created if
     * missing).
     *
     * @return a note for the person when the most recent project could not be opened, else empty
     */
    Optional<String> openStartupProject() throws Failure;

    /** Creates a new, empty project and makes it current. */
    void create(Path file) throws Failure;

    /** Opens an existing project and makes it current; the current one stays open if this fails. */
    void open(Path file) throws Failure;

    /** Continues the current project under a new name. */
    void saveAs(Path target) throws Failure;

    /** The current project file, or null before one is open. */
    Path projectPath();

    List<Path> recentProjects();

    /** Where new projects go (the preferences' folder), or null for the file chooser's own default. */
    default Path projectsFolder() {
        return null;
    }
}
