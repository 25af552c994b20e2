import CCPUDispatch
import Kernels
import Testing

/// The OpenBLAS core decision on simulated CPUs: the fallback Debian's OpenBLAS 0.3.21
/// makes on a CPU it does not know (Prescott kernels on Sapphire Rapids) must be
/// corrected, a good pick of its own kept, and a user's OPENBLAS_CORETYPE never overridden.
@Suite("BLAS core choice on simulated CPUs")
struct BLASCoreChoiceTests {
    typealias CPU = BLASCoreChoice.CPU

    static func bits(_ masks: Int...) -> UInt32 { masks.reduce(0) { $0 | UInt32($1) } }
    static let avx2 = bits(Int(QCPU_AVX2), Int(QCPU_FMA), Int(QCPU_F16C))
    static let avx512 = avx2 | bits(Int(QCPU_AVX512F), Int(QCPU_AVX512DQ), Int(QCPU_AVX512BW), Int(QCPU_AVX512VL))

    /// Xeon 4th generation: AVX-512 with BF16 and FP16, AMX.
    static let sapphireRapids = CPU(
        features: avx512 | bits(Int(QCPU_AVX512VNNI), Int(QCPU_AVX512BF16), Int(QCPU_AVX512FP16), Int(QCPU_AVXVNNI), Int(QCPU_AMX_TILE), Int(QCPU_AMX_INT8), Int(QCPU_AMX_BF16)),
        vendor: "GenuineIntel", family: 6, model: 143)
    /// Xeon Scalable 1st generation: AVX-512 without BF16.
    static let skylakeServer = CPU(features: avx512, vendor: "GenuineIntel", family: 6, model: 85)
    /// A desktop part with AVX2 and no AVX-512.
    static let alderLake = CPU(features: avx2 | bits(Int(QCPU_AVXVNNI)), vendor: "GenuineIntel", family: 6, model: 151)
    static let zen3 = CPU(features: avx2, vendor: "AuthenticAMD", family: 25, model: 33)
    static let zen5 = CPU(features: sapphireRapids.features & ~bits(Int(QCPU_AMX_TILE), Int(QCPU_AMX_INT8), Int(QCPU_AMX_BF16), Int(QCPU_AVX512FP16)),
                          vendor: "AuthenticAMD", family: 26, model: 2)
    /// AVX2 and FMA on AMD's previous core family, which OpenBLAS knows (Excavator).
    static let excavator = CPU(features: avx2, vendor: "AuthenticAMD", family: 21, model: 101)
    static let noAVX = CPU(features: 0, vendor: "GenuineIntel", family: 6, model: 26)
    static let notX86 = CPU(features: 0, vendor: "", family: -1, model: -1)

    @Test("OpenBLAS's generic fallback on a CPU it does not know is replaced by the best core the CPU runs")
    func fallbackCorrected() {
        #expect(BLASCoreChoice.decide(cpu: Self.sapphireRapids, reportedCore: "Prescott", explicitSetting: nil) == .quarry(core: "Cooperlake"))
        #expect(BLASCoreChoice.decide(cpu: Self.skylakeServer, reportedCore: "Prescott", explicitSetting: nil) == .quarry(core: "SkylakeX"))
        #expect(BLASCoreChoice.decide(cpu: Self.alderLake, reportedCore: "Prescott", explicitSetting: nil) == .quarry(core: "Haswell"))
        #expect(BLASCoreChoice.decide(cpu: Self.zen3, reportedCore: "Prescott", explicitSetting: nil) == .quarry(core: "Zen"))
        // A weaker known core counts as a fallback too: AVX-512 hardware on Haswell kernels.
        #expect(BLASCoreChoice.decide(cpu: Self.sapphireRapids, reportedCore: "Haswell", explicitSetting: nil) == .quarry(core: "Cooperlake"))
        #expect(BLASCoreChoice.decide(cpu: Self.sapphireRapids, reportedCore: "SkylakeX", explicitSetting: nil) == .quarry(core: "Cooperlake"))
    }

    @Test("OpenBLAS's own pick is kept when it is of the CPU's tier, or when Quarry knows nothing better")
    func goodPickKept() {
        #expect(BLASCoreChoice.decide(cpu: Self.zen5, reportedCore: "Cooperlake", explicitSetting: nil) == .openblas(core: "Cooperlake"))
        #expect(BLASCoreChoice.decide(cpu: Self.sapphireRapids, reportedCore: "SapphireRapids", explicitSetting: nil) == .openblas(core: "SapphireRapids"))
        #expect(BLASCoreChoice.decide(cpu: Self.skylakeServer, reportedCore: "SkylakeX", explicitSetting: nil) == .openblas(core: "SkylakeX"))
        #expect(BLASCoreChoice.decide(cpu: Self.zen3, reportedCore: "Zen", explicitSetting: nil) == .openblas(core: "Zen"))
        #expect(BLASCoreChoice.decide(cpu: Self.alderLake, reportedCore: "Haswell", explicitSetting: nil) == .openblas(core: "Haswell"))
        #expect(BLASCoreChoice.decide(cpu: Self.excavator, reportedCore: "Excavator", explicitSetting: nil) == .openblas(core: "Excavator"))
        #expect(BLASCoreChoice.decide(cpu: Self.noAVX, reportedCore: "Nehalem", explicitSetting: nil) == .openblas(core: "Nehalem"))
        #expect(BLASCoreChoice.decide(cpu: Self.notX86, reportedCore: "ARMV8", explicitSetting: nil) == .openblas(core: "ARMV8"))
    }

    @Test("an explicit OPENBLAS_CORETYPE is respected, even a slower one; an empty one counts as unset")
    func explicitSettingRespected() {
        #expect(BLASCoreChoice.decide(cpu: Self.sapphireRapids, reportedCore: "Prescott", explicitSetting: "Prescott") == .environment(core: "Prescott"))
        #expect(BLASCoreChoice.decide(cpu: Self.zen5, reportedCore: "Haswell", explicitSetting: "haswell") == .environment(core: "Haswell"))
        #expect(BLASCoreChoice.decide(cpu: Self.sapphireRapids, reportedCore: "Prescott", explicitSetting: "") == .quarry(core: "Cooperlake"))
        let choice = BLASCoreChoice.environment(core: "Prescott")
        #expect(choice.core == "Prescott" && choice.chosenBy == "environment")
    }

    @Test("core names rank by instruction set, case-insensitively as OpenBLAS reads them")
    func tiers() {
        #expect(BLASCoreChoice.tier(of: "cooperlake") == BLASCoreChoice.tier(of: "Cooperlake"))
        let ranked = ["Prescott", "Sandybridge", "Haswell", "SkylakeX", "Cooperlake"].map(BLASCoreChoice.tier(of:))
        #expect(ranked == ranked.sorted() && Set(ranked).count == ranked.count)
        #expect(BLASCoreChoice.tier(of: "Zen") == BLASCoreChoice.tier(of: "Haswell"))
        #expect(BLASCoreChoice.tier(of: "SomethingNew") == 0)
    }

    @Test("on this machine the decision never picks a core the CPU cannot run")
    func thisMachine() {
        let cpu = CPU.current
        let tier = BLASCoreChoice.tier(of: BLASCoreChoice.decide(cpu: cpu, reportedCore: "Prescott", explicitSetting: nil).core)
        let bf16 = Self.avx512 | Self.bits(Int(QCPU_AVX512BF16))
        if cpu.features & Self.avx2 != Self.avx2 { #expect(tier == 0) }
        if cpu.features & Self.avx512 != Self.avx512 { #expect(tier <= 2) }
        if cpu.features & bf16 != bf16 { #expect(tier <= 3) }
    }
}
