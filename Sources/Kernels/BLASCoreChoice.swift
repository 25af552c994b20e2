import CCPUDispatch

/// Which OpenBLAS kernels ("core") a process should run, decided from the CPU, the core
/// OpenBLAS picked when it loaded, and whether the user set `OPENBLAS_CORETYPE`.
///
/// OpenBLAS built with DYNAMIC_ARCH (Debian's) picks its kernels when the library loads;
/// on a CPU model it does not know (0.3.21 on Intel Sapphire Rapids) it falls back to its
/// generic `Prescott` kernels, 3–4× slower at sgemm than the AVX-512 ones the CPU can
/// run. This decision is pure so it can be tested on simulated CPUs; `BLASCore` applies it.
public enum BLASCoreChoice: Equatable, Sendable {
    /// The user set `OPENBLAS_CORETYPE`: OpenBLAS runs `core` (as it reports it) and Quarry
    /// leaves it alone.
    case environment(core: String)
    /// OpenBLAS's own pick is as good as the CPU allows (or the CPU is one Quarry has no
    /// better answer for): keep `core`.
    case openblas(core: String)
    /// OpenBLAS fell back to a weaker core than the CPU runs: load it again with
    /// `OPENBLAS_CORETYPE=core`.
    case quarry(core: String)

    /// What the CPU can run, as cpuid reports it.
    public struct CPU: Equatable, Sendable {
        /// `QCPU_*` bits from CCPUDispatch.
        public var features: UInt32
        /// cpuid vendor string: "GenuineIntel", "AuthenticAMD", "HygonGenuine", …
        public var vendor: String
        /// cpuid display family and model.
        public var family: Int
        public var model: Int

        public init(features: UInt32, vendor: String, family: Int, model: Int) {
            self.features = features
            self.vendor = vendor
            self.family = family
            self.model = model
        }

        /// This machine's CPU.
        public static var current: CPU {
            CPU(features: qcpu_features(), vendor: String(cString: qcpu_vendor()), family: Int(qcpu_family()), model: Int(qcpu_model()))
        }

        /// True when every `QCPU_*` bit of `mask` is set.
        func has<Mask: BinaryInteger>(_ mask: Mask) -> Bool { features & UInt32(mask) == UInt32(mask) }
    }

    /// The core OpenBLAS runs (or will run, for `.quarry`).
    public var core: String {
        switch self {
        case .environment(let core), .openblas(let core), .quarry(let core): core
        }
    }

    /// Who chose the core: "environment", "openblas" or "quarry".
    public var chosenBy: String {
        switch self {
        case .environment: "environment"
        case .openblas: "openblas"
        case .quarry: "quarry"
        }
    }

    /// The decision. An explicit, non-empty `OPENBLAS_CORETYPE` always wins. Otherwise
    /// Quarry overrides OpenBLAS only when the core OpenBLAS reports belongs to a lower
    /// instruction-set tier than `bestCore(for:)`, which is what its generic fallback on
    /// an unknown CPU looks like; any core of the right tier (OpenBLAS's own tuning, e.g.
    /// `Zen` for AMD's AVX2 parts, or a newer `SapphireRapids`) is kept.
    public static func decide(cpu: CPU, reportedCore: String, explicitSetting: String?) -> BLASCoreChoice {
        if let explicitSetting, !explicitSetting.isEmpty { return .environment(core: reportedCore) }
        guard let best = bestCore(for: cpu), tier(of: best) > tier(of: reportedCore) else {
            return .openblas(core: reportedCore)
        }
        return .quarry(core: best)
    }

    /// The fastest OpenBLAS 0.3.21 core this CPU runs, by measurement of sgemm 1024³ on
    /// one thread: Sapphire Rapids (issue 13) Cooperlake 94 GFLOPS, SkylakeX 54, Haswell
    /// 32, Prescott 22–28; Zen 5 (best of 15, six interleaved rounds) Cooperlake 129–228,
    /// SkylakeX 122–226, Haswell 63–119, Prescott 21–44. Nil when Quarry has nothing
    /// better than OpenBLAS's own detection: no AVX2, or a pre-Zen AMD part, whose cores
    /// (Excavator, …) OpenBLAS knows.
    public static func bestCore(for cpu: CPU) -> String? {
        let avx512 = QCPU_AVX512F | QCPU_AVX512DQ | QCPU_AVX512BW | QCPU_AVX512VL
        if cpu.has(avx512 | QCPU_AVX512BF16) { return "Cooperlake" }
        if cpu.has(avx512) { return "SkylakeX" }
        guard cpu.has(QCPU_AVX2 | QCPU_FMA) else { return nil }
        switch cpu.vendor {
        case "AuthenticAMD", "HygonGenuine": return cpu.family >= 0x17 ? "Zen" : nil
        default: return "Haswell"
        }
    }

    /// Instruction-set tier of an OpenBLAS core name (case-insensitive, as OpenBLAS reads
    /// `OPENBLAS_CORETYPE`): 4 AVX-512 with BF16, 3 AVX-512, 2 AVX2/FMA, 1 AVX, 0 older or unknown.
    public static func tier(of core: String) -> Int {
        switch core.lowercased() {
        case "cooperlake", "sapphirerapids": 4
        case "skylakex": 3
        case "haswell", "zen": 2
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": 1
        default: 0
        }
    }
}
