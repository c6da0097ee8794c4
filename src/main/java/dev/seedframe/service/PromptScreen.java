package dev.seedframe.service;

import dev.seedframe.domain.GenerationRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content filter as the person's preferences and the studio's policy set it, checked before a new generation
 * runs (CLI and studio alike; a replay of a recorded generation creates nothing new and is not checked). Off by
 * default. The settings are read at each check, so a change of preferences or policy holds from the next
 * generation on. Only the prompt is checked: a negative prompt lists what is not wanted.
 */
public final class PromptScreen {

    private final PreferencesStore preferences;
    private final List<Path> policyFiles;

    public PromptScreen(PreferencesStore preferences, List<Path> policyFiles) {
        this.preferences = preferences;
        this.policyFiles = List.copyOf(policyFiles);
    }

    /** The user's preferences and this system's policy files. */
    public static PromptScreen userDefault() {
        return new PromptScreen(PreferencesStore.userDefault(), ContentPolicy.locations());
    }

    /** Lets everything through (tests of other things, tools). */
    public static PromptScreen none() {
        return new PromptScreen(null, List.of());
    }

    public ContentPolicy policy() {
        return ContentPolicy.load(policyFiles);
    }

    /** The filter in force now. */
    public ContentFilter filter() {
        if (preferences == null) {
            return ContentFilter.off();
        }
        Preferences prefs = preferences.load().preferences();
        ContentPolicy policy = policy();
        if (!prefs.contentFilter() && !policy.required()) {
            return ContentFilter.off();
        }
        List<ContentFilter.NamedList> lists = new ArrayList<>();
        lists.add(new ContentFilter.NamedList("your English list", prefs.termsEn()));
        lists.add(new ContentFilter.NamedList("your Chinese list", prefs.termsZh()));
        if (prefs.defaultLists() || policy.defaultLists()) {
            lists.add(new ContentFilter.NamedList(ContentFilter.DEFAULT_EN, ContentFilter.defaultList("en")));
            lists.add(new ContentFilter.NamedList(ContentFilter.DEFAULT_ZH, ContentFilter.defaultList("zh")));
        }
        for (Path f : policy.lists()) {
            lists.add(new ContentFilter.NamedList("the studio's list " + f.getFileName(), readPolicyList(f)));
        }
        return ContentFilter.of(lists);
    }

    /**
     * Refuses {@code request} when its prompt holds a listed term (or when the studio's policy cannot be read).
     *
     * @throws PromptRefusedException saying which term of which list
     */
    public void check(GenerationRequest request) {
        if (preferences == null) {
            return;
        }
        ContentPolicy policy = policy();
        if (!policy.problems().isEmpty()) {
            throw new PromptRefusedException(new ContentFilter.Match("", "policy"), "The content filter cannot"
                    + " check prompts, so nothing is generated: " + String.join("; ", policy.problems())
                    + ". Ask whoever set up this studio to correct the policy.");
        }
        Optional<ContentFilter.Match> m = filter().check(request.prompt());
        if (m.isPresent()) {
            throw new PromptRefusedException(m.get(), "The prompt was refused by the content filter: it contains \""
                    + m.get().term() + "\" (" + m.get().list() + "). Nothing was generated; change the prompt."
                    + (policy.required() ? " The filter is required by this studio's policy ("
                            + policy.sources().get(0) + ")."
                            : " The filter and its lists are in the preferences (" + preferences.file() + ")."));
        }
    }

    private static List<String> readPolicyList(Path f) {
        try {
            return ContentFilter.parseList(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new PromptRefusedException(new ContentFilter.Match("", "policy"), "The content filter cannot read"
                    + " the term list " + f + " that the studio's policy names (" + e.getMessage() + "), so nothing"
                    + " is generated. Ask whoever set up this studio to correct it.");
        }
    }
}
