package dev.seedframe.engine.lora;

/** What is wrong with a LoRA file, worded to follow "The LoRA file NAME ..." (turned into the engine's refusal). */
final class LoraFileException extends Exception {

    LoraFileException(String message) {
        super(message, null, false, false);
    }
}
