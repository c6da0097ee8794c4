package dev.seedframe.service;

/**
 * Where a download stands, for the studio's progress bars (the model picker's download, the GPU set-up).
 *
 * @param done bytes here, those of an earlier interrupted run included
 * @param total bytes when finished (0 before the plan is known)
 * @param bytesPerSecond recent rate, 0 before it is known
 * @param secondsLeft at the recent rate, or -1 when not known
 * @param file the file being fetched, or null
 * @param filesDone files finished
 * @param files files to fetch
 * @param note something the download said (a retry after a cut connection), or null
 */
public record TransferProgress(long done, long total, double bytesPerSecond, long secondsLeft, String file,
        int filesDone, int files, String note) {

    /** Nothing known yet. */
    public static final TransferProgress NONE = new TransferProgress(0, 0, 0, -1, null, 0, 0, null);

    /** Between 0 and 1; 0 while the total is not known. */
    public double fraction() {
        return total <= 0 ? 0 : Math.min(1, (double) done / total);
    }
}
