package dev.seedframe.engine.tokenizer;

/**
 * A token matched verbatim in the input before byte-level BPE runs (HF tokenizers' {@code AddedToken}).
 *
 * @param id its id (outside or inside the BPE vocabulary)
 * @param content the exact text matched
 * @param special whether decoding with "skip special tokens" drops it
 * @param lstrip whether whitespace on its left is absorbed
 * @param rstrip whether whitespace on its right is absorbed
 * @param singleWord whether it only matches as a whole word
 * @param normalized whether it is matched on the normalized (NFC) text rather than the raw input
 */
record AddedToken(
        long id, String content, boolean special, boolean lstrip, boolean rstrip, boolean singleWord,
        boolean normalized) {

    /** A token that is matched exactly as written, as all Qwen2 control tokens are. */
    static AddedToken verbatim(long id, String content, boolean special) {
        return new AddedToken(id, content, special, false, false, false, false);
    }
}
