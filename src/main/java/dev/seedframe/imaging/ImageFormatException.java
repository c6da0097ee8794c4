package dev.seedframe.imaging;

/** A file that is not an image Seedframe can read, or a damaged one. */
public final class ImageFormatException extends Exception {

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
