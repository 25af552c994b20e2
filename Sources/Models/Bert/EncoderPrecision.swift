import CEncoderKernels
import Foundation

/// The number format of the encoder's matrix products (the Q/K/V, attention-output and
/// feed-forward linear layers). Everything else (embeddings, layer norm, GELU, attention,
/// pooling) stays float32 whatever the choice.
public enum EncoderPrecision: String, CaseIterable, Sendable {
    /// Float32 weights and activations on OpenBLAS `sgemm`: the reference.
    case fp32
    /// Weights converted to bfloat16 once at load, activations rounded to bfloat16 per
    /// product, sums in float32 (AVX-512 BF16 `vdpbf16ps`). On MiniLM it stays within
    /// cosine 0.999 of sentence-transformers; see README, "Encoder precision".
    case bf16

    /// The environment variable that chooses the precision for every command.
    public static let environmentVariable = "QUARRY_ENCODER_PRECISION"

    /// Whether this CPU runs the precision on its vector path. `bf16` runs anywhere (a
    /// scalar fallback computes the same rounded products) but is only fast with AVX-512 BF16.
    public var isAccelerated: Bool {
        switch self {
        case .fp32: true
        case .bf16: cek_bf16_available() == 1
        }
    }

    /// The fastest precision that passes the quality gate and runs accelerated here:
    /// `bf16` with AVX-512 BF16, else `fp32`.
    public static var fastest: EncoderPrecision { bf16.isAccelerated ? .bf16 : .fp32 }

    /// The precision to use: `requested` (a command-line option) if given, else the
    /// environment variable, else `fastest`. Throws a `ModelError` for an unknown name.
    public static func resolve(
        requested: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> EncoderPrecision {
        guard let name = requested ?? environment[environmentVariable], !name.isEmpty else { return fastest }
        guard let precision = EncoderPrecision(rawValue: name.lowercased()) else {
            let source = requested == nil ? environmentVariable : "the encoder precision"
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw ModelError("\(source) is \(name); it must be one of \(known)")
        }
        return precision
    }
}
