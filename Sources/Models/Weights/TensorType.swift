/// Element encodings of weight tensors (GGML type numbers for GGUF).
public enum TensorType: Int, Sendable {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q8_0 = 8, bf16 = 30

    /// Weights per block (1 for plain floats, 32 for the block-quantised types).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16: 1
        case .q4_0, .q4_1, .q8_0: 32
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        case .q4_0: 18  // f16 scale + 16 bytes of nibbles
        case .q4_1: 20  // f16 scale, f16 minimum + 16 bytes of nibbles
        case .q8_0: 34  // f16 scale + 32 signed bytes
        }
    }

    /// Bytes taken by `count` elements; nil when `count` is negative, not a whole number
    /// of blocks, or its size does not fit in an Int.
    public func byteCount(elements count: Int) -> Int? {
        guard count >= 0, count % blockSize == 0 else { return nil }
        let (bytes, overflow) = (count / blockSize).multipliedReportingOverflow(by: blockBytes)
        return overflow ? nil : bytes
    }
}
