/// Stops a decoder from looping: the next token may not complete an n-gram of answer
/// tokens the answer already holds (`no_repeat_ngram_size` in Hugging Face's generate).
/// Only the answer counts, not the prompt, so copying from the sources stays free.
enum RepeatedNgramGuard {
    /// Sets to −∞ the logits [vocabulary] of every token that would repeat an n-gram of
    /// `output` of `size` tokens (2 or more; anything less does nothing).
    static func ban(_ logits: inout [Float], output: [Int], size: Int) {
        guard size >= 2, output.count >= size else { return }
        let tail = output.suffix(size - 1)
        for start in 0...(output.count - size) where output[start..<(start + size - 1)].elementsEqual(tail) {
            let banned = output[start + size - 1]
            if logits.indices.contains(banned) { logits[banned] = -.infinity }
        }
    }
}
