package dev.seedframe.service;

/**
 * A prompt the content filter refused before the model ran. The message says which term of which list, and how to
 * go on; it is input to change (the command line exits with 2, the studio shows it as such).
 */
public final class PromptRefusedException extends IllegalArgumentException {

    private final ContentFilter.Match match;

    public PromptRefusedException(ContentFilter.Match match, String message) {
        super(message);
        this.match = match;
    }

    public ContentFilter.Match match() {
        return match;
    }
}
