import CVectorKernels

/// Scaled dot-product attention without a mask.
public enum Attention {
    /// One head over one sequence: out[i] = softmax_j(scale · q[i]·k[j]) · V for i, j < tokens.
    /// Rows of q, k and v hold `headSize` floats and lie `stride` floats apart; rows of out
    /// lie `outStride` apart. Runs the AVX2/FMA kernel of CVectorKernels (scores for four
    /// queries at a time kept in L1, never a tokens×tokens matrix) when the CPU has it and
    /// headSize is a multiple of 16, plain loops otherwise.
    public static func head(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, stride: Int,
        tokens: Int, headSize: Int, scale: Float, into out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        cvk_attention_head(q, k, v, stride, tokens, headSize, scale, out, outStride)
    }
}
