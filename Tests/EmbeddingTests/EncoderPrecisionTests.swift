import Models
import Testing

/// How the encoder precision is chosen: option over environment over the CPU's default,
/// and a misspelt setting is an error rather than a silent fallback.
@Suite("Encoder precision choice")
struct EncoderPrecisionTests {
    @Test("an explicit option wins over the environment variable")
    func optionWins() throws {
        let environment = [EncoderPrecision.environmentVariable: "bf16"]
        #expect(try EncoderPrecision.resolve(requested: "fp32", environment: environment) == .fp32)
        #expect(try EncoderPrecision.resolve(requested: nil, environment: environment) == .bf16)
        let shouting = [EncoderPrecision.environmentVariable: "FP32"]
        #expect(try EncoderPrecision.resolve(requested: nil, environment: shouting) == .fp32)
    }

    @Test("unset or empty falls back to the fastest precision this CPU runs")
    func defaultIsFastest() throws {
        #expect(try EncoderPrecision.resolve(requested: nil, environment: [:]) == EncoderPrecision.fastest)
        #expect(try EncoderPrecision.resolve(requested: nil, environment: [EncoderPrecision.environmentVariable: ""])
            == EncoderPrecision.fastest)
    }

    /// Guards the default against the CPU check it rests on (the old assertion,
    /// `fastest.isAccelerated`, held by construction): the kernel's own report of the
    /// CPU, `/proc/cpuinfo`, decides whether bf16 is the default.
    @Test("the default is bf16 exactly where the CPU has AVX-512 BF16", .enabled(if: CPUInfo.flags != nil))
    func defaultFollowsTheCPU() throws {
        let flags = try #require(CPUInfo.flags)
        #expect((EncoderPrecision.fastest == .bf16) == flags.contains("avx512_bf16"), "flags: \(flags.sorted())")
        #expect(EncoderPrecision.bf16.isAccelerated == flags.contains("avx512_bf16"))
    }

    @Test("an unknown name throws and names the variable")
    func unknownNameThrows() {
        let error = #expect(throws: ModelError.self) {
            try EncoderPrecision.resolve(requested: nil, environment: [EncoderPrecision.environmentVariable: "int4"])
        }
        #expect(error?.message.contains(EncoderPrecision.environmentVariable) == true)
    }
}
