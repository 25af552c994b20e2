import Foundation
import Models
import Testing

@Suite("Quantised matrix-vector products against decoded rows")
struct QuantizedMatrixTests {
    /// multiply(x) on SmolLM2's quantised tensors equals Float64 dots of the decoded rows
    /// with x rounded to 8-bit blocks as llama.cpp rounds it, within Float32 rounding of the
    /// accumulation.
    @Test("matvec on every quantised tensor type of the SmolLM2 file matches decodeRows")
    func matvecMatchesDecodedRows() throws {
        let gguf = try GGUFFile(path: ModelLocator().requireDecoderFile())
        let names = gguf.tensorNames.filter { $0.hasPrefix("blk.0.") || $0 == "token_embd.weight" }
        var seen: Set<String> = []
        for name in names {
            let info = try gguf.tensor(name)
            guard info.dimensions.count == 2, [.q4_0, .q4_1, .q8_0].contains(info.type) else { continue }
            seen.insert("\(info.type)")
            let w = try QuantizedMatrix(gguf: gguf, name: name)
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            let x: [Float] = (0..<w.columns).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Float(Int(state >> 40) - (1 << 23)) / Float(1 << 23)
            }
            var y = [Float](repeating: .nan, count: w.rows)
            x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { w.multiply(xp.baseAddress!, into: $0.baseAddress!) } }
            // llama.cpp's 8-bit activations: per block of 32, q = round-half-even(x·127/max|x|), seen as q·max|x|/127.
            var rounded = x
            for b in 0..<(w.columns / 32) {
                let block = (b * 32)..<(b * 32 + 32)
                let amax = x[block].map { abs($0) }.max()!
                for j in block { rounded[j] = (x[j] * (127 / amax)).rounded(.toNearestOrEven) * (amax / 127) }
            }
            var row = [Float](repeating: 0, count: w.columns)
            for r in stride(from: 0, to: w.rows, by: max(1, w.rows / 512)) {
                row.withUnsafeMutableBufferPointer { w.decodeRows(r..<(r + 1), into: $0.baseAddress!) }
                var exact = 0.0, magnitude = 0.0
                for j in 0..<w.columns { exact += Double(row[j]) * Double(rounded[j]); magnitude += abs(Double(row[j]) * Double(rounded[j])) }
                #expect(abs(Double(y[r]) - exact) <= 1e-5 * magnitude + 1e-6, "\(name) row \(r): \(y[r]) vs \(exact)")
            }
        }
        print("matvec checked on types \(seen.sorted())")
        #expect(!seen.isEmpty)
    }
}
