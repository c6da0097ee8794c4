package dev.seedframe.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * libtorch picks its vectorised CPU kernels by the machine's instruction set (AVX-512, AVX2, or its portable ones),
 * and they round a few values differently, so a recorded image replays bit for bit only on kernels that round as the
 * ones it was made with. Tests that hold the engine to images made on another machine run in the Maven execution that
 * pins the portable kernels ({@code ATEN_CPU_CAPABILITY=default}, the {@code release-projects} execution in
 * {@code pom.xml}).
 */
public final class PortableKernels {

    /** What libtorch reads to choose its CPU kernels. */
    public static final String VARIABLE = "ATEN_CPU_CAPABILITY";

    private PortableKernels() {}

    /** Skips the calling test unless this JVM was started with libtorch's portable CPU kernels. */
    public static void assumePinned() {
        assumeTrue("default".equals(System.getenv(VARIABLE)), "runs with libtorch's portable CPU kernels ("
                + VARIABLE + "=default), as the release-projects execution of `mvn test` starts it");
    }
}
