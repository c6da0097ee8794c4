package dev.seedframe.ui.view;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Every file and folder chooser the studio opens (pictures, projects, masks, model folders, the preferences'
 * folders): the system's, or (in tests, where a native chooser cannot be driven) a stand-in that answers at once.
 * Each starts in the folder given, when there is one (null: the system's choice).
 */
public interface Choosers {

    /** Picture files to open (empty when cancelled). */
    List<Path> openPictures(Window owner, String title, String filterName, List<String> extensions, Path folder);

    /** One file to open (empty when cancelled). */
    Optional<Path> openFile(Window owner, String title, String filterName, List<String> extensions, Path folder);

    /** A file to write (empty when cancelled). */
    Optional<Path> saveFile(Window owner, String title, String filterName, String extension, String name, Path folder);

    /** A folder to write into (empty when cancelled). */
    Optional<Path> folder(Window owner, String title, Path folder);

    /** The system's file choosers. */
    static Choosers system() {
        return new Choosers() {
            @Override
            public List<Path> openPictures(Window owner, String title, String filterName, List<String> extensions,
                    Path folder) {
                List<File> files = opener(title, filterName, extensions, folder).showOpenMultipleDialog(owner);
                return files == null ? List.of() : files.stream().map(File::toPath).toList();
            }

            @Override
            public Optional<Path> openFile(Window owner, String title, String filterName, List<String> extensions,
                    Path folder) {
                return Optional.ofNullable(opener(title, filterName, extensions, folder).showOpenDialog(owner))
                        .map(File::toPath);
            }

            private FileChooser opener(String title, String filterName, List<String> extensions, Path folder) {
                FileChooser fc = new FileChooser();
                fc.setTitle(title);
                fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(filterName,
                        extensions.stream().flatMap(e -> java.util.stream.Stream.of("*." + e,
                                "*." + e.toUpperCase(java.util.Locale.ROOT))).toList()));
                start(folder, fc::setInitialDirectory);
                return fc;
            }

            @Override
            public Optional<Path> saveFile(Window owner, String title, String filterName, String extension,
                    String name, Path folder) {
                FileChooser fc = new FileChooser();
                fc.setTitle(title);
                fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(filterName, "*." + extension));
                fc.setInitialFileName(name);
                start(folder, fc::setInitialDirectory);
                return Optional.ofNullable(fc.showSaveDialog(owner)).map(File::toPath);
            }

            @Override
            public Optional<Path> folder(Window owner, String title, Path folder) {
                DirectoryChooser dc = new DirectoryChooser();
                dc.setTitle(title);
                start(folder, dc::setInitialDirectory);
                return Optional.ofNullable(dc.showDialog(owner)).map(File::toPath);
            }

            private void start(Path folder, java.util.function.Consumer<File> set) {
                if (folder != null && Files.isDirectory(folder)) {
                    set.accept(folder.toFile());
                }
            }
        };
    }
}
