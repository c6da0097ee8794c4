package dev.seedframe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seedframe.service.ParametersText;

class ParametersTextFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void parametersText(byte[] data) {
        ParametersText.parse(new String(data, java.nio.charset.StandardCharsets.UTF_8));
    }
}
