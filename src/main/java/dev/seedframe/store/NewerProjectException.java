package dev.seedframe.store;

/** The project was saved by a newer Seedframe whose schema this version cannot read. */
public final class NewerProjectException extends StoreException {

    private final int fileVersion;
    private final int supportedVersion;

    public NewerProjectException(int fileVersion, int supportedVersion) {
        super("This project was saved by a newer Seedframe (schema " + fileVersion + "); this version reads up to schema "
                + supportedVersion + ". Update Seedframe to open it.");
        this.fileVersion = fileVersion;
        this.supportedVersion = supportedVersion;
    }

    /** The schema version the file has. */
    public int fileVersion() {
        return fileVersion;
    }

    /** The newest schema version this Seedframe reads. */
    public int supportedVersion() {
        return supportedVersion;
    }
}
