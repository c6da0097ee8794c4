package dev.seedframe.ui;

import dev.seedframe.ui.view.Choosers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.stage.Window;

/**
 * The seam under the file choosers, for tests: a native chooser cannot be driven headless, so this one answers at
 * once with what the test set, and notes the folder each was asked to start in.
 */
final class AnsweringChoosers implements Choosers {

    List<Path> open = List.of();
    Path save;
    Path folder;
    final List<Path> startedIn = new ArrayList<>();
    final List<String> titles = new ArrayList<>();

    @Override
    public List<Path> openPictures(Window owner, String title, String filterName, List<String> extensions,
            Path start) {
        titles.add(title + " [" + filterName + "]");
        startedIn.add(start);
        return open;
    }

    @Override
    public Optional<Path> openFile(Window owner, String title, String filterName, List<String> extensions,
            Path start) {
        titles.add(title + " [" + filterName + "]");
        startedIn.add(start);
        return open.stream().findFirst();
    }

    @Override
    public Optional<Path> saveFile(Window owner, String title, String filterName, String extension, String name,
            Path start) {
        titles.add(title + " [" + name + "]");
        startedIn.add(start);
        return Optional.ofNullable(save);
    }

    @Override
    public Optional<Path> folder(Window owner, String title, Path start) {
        titles.add(title);
        startedIn.add(start);
        return Optional.ofNullable(folder);
    }
}
