import CEncoderKernels
import CQuantKernels
import CVectorKernels
import Kernels
import Models

/// What this process computes with, for `status` and `bench` reports: the OpenBLAS kernels
/// (`blas`: core and who chose it) and the paths of Quarry's own C kernels (`kernels`).
struct HardwareReport: Encodable {
    struct BLAS: Encodable {
        /// The OpenBLAS core running, as OpenBLAS names it ("Cooperlake", "Haswell", …).
        var core: String
        /// "environment" (the user's OPENBLAS_CORETYPE), "quarry" (chosen at start-up for
        /// this CPU) or "openblas" (its own detection, kept).
        var chosenBy: String

        enum CodingKeys: String, CodingKey {
            case core
            case chosenBy = "chosen_by"
        }
    }

    struct KernelPaths: Encodable {
        /// Quantised matrix-vector kernels (8-bit activations, the decoder's generation path):
        /// "avx512vnni", "avx512bw", "avx2" or "scalar".
        var quantized: String
        /// The quantised kernels' paths this CPU can run, fastest first ("avx512vnni", …, "scalar").
        var quantizedSupported: [String]
        /// Encoder vector kernels (GELU, softmax, layer norm, attention): "avx2" or "scalar".
        var vector: String
        /// The encoder's linear layers.
        var encoder: EncoderPath

        enum CodingKeys: String, CodingKey {
            case quantized, vector, encoder
            case quantizedSupported = "quantized_supported"
        }
    }

    struct EncoderPath: Encodable {
        /// Their number format, "fp32" or "bf16": what `QUARRY_ENCODER_PRECISION` or, unset,
        /// this CPU's default selects ("invalid" for a bad setting); a bench report gives the
        /// one it ran.
        var precision: String
        /// The bfloat16 kernel: "avx512_bf16" or "scalar".
        var bf16: String
    }

    var blas: BLAS
    var kernels: KernelPaths

    /// This process's report.
    static var current: HardwareReport {
        let choice = BLASCore.current
        return HardwareReport(
            blas: BLAS(core: choice.core, chosenBy: choice.chosenBy),
            kernels: KernelPaths(
                quantized: String(cString: cqk_path_name(cqk_active_path())),
                quantizedSupported: [CQK_PATH_AVX512VNNI, CQK_PATH_AVX512BW, CQK_PATH_AVX2, CQK_PATH_SCALAR]
                    .filter { cqk_path_supported($0) == 1 }.map { String(cString: cqk_path_name($0)) },
                vector: cvk_available() == 1 ? "avx2" : "scalar",
                encoder: EncoderPath(
                    precision: (try? EncoderPrecision.resolve())?.rawValue ?? "invalid",
                    bf16: cek_bf16_available() == 1 ? "avx512_bf16" : "scalar")))
    }

    /// One line for human-readable output.
    var summary: String {
        "BLAS core \(blas.core) (chosen by \(blas.chosenBy)); kernels: quantized \(kernels.quantized)"
            + " (this CPU: \(kernels.quantizedSupported.joined(separator: " "))), vector \(kernels.vector)"
            + "; encoder \(kernels.encoder.precision) (bf16 kernel \(kernels.encoder.bf16))"
    }
}
