package dev.seedframe.hub;

/**
 * What a download reports while it runs (on the downloading thread). Every method has an empty default, so a
 * listener takes only what it shows.
 */
public interface TransferListener {

    /** No listener. */
    TransferListener NONE = new TransferListener() {};

    /**
     * Before the first byte: how many files will be fetched, the bytes still to fetch, and the bytes already here
     * from an interrupted earlier run (counted as done).
     */
    default void planned(int files, long bytesToFetch, long bytesAlreadyHere) {}

    /** A file starts (or resumes at {@code offset}). */
    default void fileStarted(String name, long size, long offset) {}

    /** Bytes arrived; negative when a server ignored a resume request and the file restarted from zero. */
    default void bytes(long delta) {}

    /** A file was downloaded and verified. */
    default void fileDone(String name) {}

    /** Something worth saying while it runs, e.g. a retry after a cut connection. */
    default void note(String message) {}
}
