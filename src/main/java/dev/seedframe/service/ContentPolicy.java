package dev.seedframe.service;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A studio's policy on the content filter, from {@code policy.properties} files: the system-wide one an
 * administrator writes ({@code /etc/seedframe/} on Linux, {@code %ProgramData%\Seedframe\} on Windows,
 * {@code /Library/Application Support/Seedframe/} on macOS) and the one in the user's Seedframe folder.
 * Keys, each optional:
 * <ul>
 *   <li>{@code contentFilter=required}: the filter is on whatever the preferences say (they cannot turn it off);
 *   <li>{@code contentFilter.defaultLists=true}: Seedframe's small default lists are checked too;
 *   <li>{@code contentFilter.lists=FILE[;FILE...]}: further term lists (text, one term per line), e.g. kept
 *       beside the policy by the administrator; a relative name is read beside the policy file.
 * </ul>
 * A requirement in either file holds. A policy file that cannot be read, or a list it names that cannot be, is
 * itself a reason to refuse: the filter is then on and says why (a studio's lock must not fail open).
 *
 * @param required whether the filter is locked on
 * @param defaultLists whether the default lists are forced
 * @param lists extra term lists
 * @param sources the policy files that were found
 * @param problems what could not be read
 */
public record ContentPolicy(boolean required, boolean defaultLists, List<Path> lists, List<Path> sources,
        List<String> problems) {

    public static final String FILE = "policy.properties";

    public ContentPolicy {
        lists = List.copyOf(lists);
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
    }

    /** No policy: the person decides. */
    public static ContentPolicy none() {
        return new ContentPolicy(false, false, List.of(), List.of(), List.of());
    }

    /** Where policy files are looked for on this system: the system-wide file, then the user's. */
    public static List<Path> locations() {
        return List.of(systemFile(), UserDirs.config().resolve(FILE));
    }

    /** The system-wide policy file of this OS. */
    public static Path systemFile() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String programData = System.getenv("ProgramData");
            return Path.of(programData != null ? programData : "C:\\ProgramData", "Seedframe", FILE);
        }
        if (os.contains("mac")) {
            return Path.of("/Library/Application Support/Seedframe", FILE);
        }
        return Path.of("/etc/seedframe", FILE);
    }

    /** The policy the files at {@code locations} make together (missing files are no policy). */
    public static ContentPolicy load(List<Path> locations) {
        boolean required = false;
        boolean defaults = false;
        List<Path> lists = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path f : locations) {
            if (!Files.exists(f)) {
                continue;
            }
            sources.add(f);
            Properties p = new Properties();
            try (Reader r = new StringReader(Files.readString(f, StandardCharsets.UTF_8))) {
                p.load(r);
            } catch (IOException | RuntimeException e) {
                problems.add("the policy file " + f + " cannot be read (" + e.getMessage() + ")");
                required = true;
                continue;
            }
            String filter = p.getProperty("contentFilter", "").strip().toLowerCase(Locale.ROOT);
            if (filter.equals("required")) {
                required = true;
            } else if (!filter.isEmpty()) {
                problems.add("the policy file " + f + " says contentFilter=" + filter + "; the only value is"
                        + " \"required\"");
                required = true;
            }
            defaults |= Boolean.parseBoolean(p.getProperty("contentFilter.defaultLists", "false").strip());
            for (String name : p.getProperty("contentFilter.lists", "").split(";")) {
                if (!name.isBlank()) {
                    Path list = Path.of(name.strip());
                    lists.add(list.isAbsolute() ? list : f.toAbsolutePath().getParent().resolve(list));
                }
            }
        }
        return new ContentPolicy(required, defaults, lists, sources, problems);
    }
}
