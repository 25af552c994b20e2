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
        #expect(EncoderPrecision.fastest.isAccelerated)
    }

    @Test("an unknown name throws and names the variable")
    func unknownNameThrows() {
        let error = #expect(throws: ModelError.self) {
            try EncoderPrecision.resolve(requested: nil, environment: [EncoderPrecision.environmentVariable: "int4"])
        }
        #expect(error?.message.contains(EncoderPrecision.environmentVariable) == true)
    }
}
