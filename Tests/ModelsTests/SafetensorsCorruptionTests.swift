import Foundation
import Models
import Testing

/// Damaged and hostile safetensors files: every one must be refused with a `ModelError`
/// that names the file and the field at fault, without reading outside the file.
@Suite("Safetensors reader on truncated, bit-flipped and hostile files")
struct SafetensorsCorruptionTests {
    /// One hand-written file and the words its error must contain.
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let expected: String
        let data: Data
    }

    /// A file whose JSON header is `header` (its true length unless `length` is given),
    /// followed by `dataBytes` zero bytes.
    static func file(_ header: String, length: UInt64? = nil, dataBytes: Int = 8) -> Data {
        var d = Data()
        withUnsafeBytes(of: (length ?? UInt64(header.utf8.count)).littleEndian) { d.append(contentsOf: $0) }
        d.append(contentsOf: Array(header.utf8))
        d.append(contentsOf: [UInt8](repeating: 0, count: dataBytes))
        return d
    }

    /// A header with one tensor `t` of `dtype`, `shape` and `offsets` (JSON text).
    static func tensor(_ dtype: String = "F32", shape: String = "[2]", offsets: String = "[0,8]") -> String {
        #"{"t":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":\#(offsets)}}"#
    }

    static let cases: [Case] = [
        Case(testDescription: "header length 2^64−1", expected: "over the 100000000-byte limit",
             data: file(tensor(), length: .max)),
        Case(testDescription: "header length past the end", expected: "truncated",
             data: file(tensor(), length: 1000)),
        Case(testDescription: "header that is not JSON", expected: "the header is not a JSON object",
             data: file("{not json at all")),
        Case(testDescription: "header that is a JSON array", expected: "the header is not a JSON object",
             data: file("[1,2,3]")),
        Case(testDescription: "entry without a dtype", expected: "needs a dtype string",
             data: file(#"{"t":{"shape":[2],"data_offsets":[0,8]}}"#)),
        Case(testDescription: "negative offset", expected: "data_offsets [-8, 0]",
             data: file(tensor(offsets: "[-8,0]"))),
        Case(testDescription: "reversed offsets", expected: "data_offsets [8, 0]",
             data: file(tensor(offsets: "[8,0]"))),
        Case(testDescription: "three offsets", expected: "are not two offsets",
             data: file(tensor(offsets: "[0,4,8]"))),
        Case(testDescription: "fractional offset", expected: "data_offsets of integers",
             data: file(tensor(offsets: "[0,8.5]"))),
        Case(testDescription: "offset beyond Int", expected: "data_offsets of integers",
             data: file(tensor(offsets: "[0,1e30]"))),
        Case(testDescription: "offset past the end of the file", expected: "past the 8 data bytes",
             data: file(tensor(shape: "[268435456]", offsets: "[0,1073741824]"))),
        Case(testDescription: "unknown dtype", expected: "unknown dtype F17",
             data: file(tensor("F17"))),
        Case(testDescription: "negative dimension", expected: "negative dimension",
             data: file(tensor(shape: "[-2]"))),
        Case(testDescription: "dimensions whose product overflows", expected: "more elements than fit",
             data: file(tensor(shape: "[4294967296,4294967296]"))),
        Case(testDescription: "element count whose byte size overflows", expected: "more than Int.max",
             data: file(tensor(shape: "[4611686018427387904]"))),
        Case(testDescription: "shape larger than its byte range", expected: "needs 12 bytes",
             data: file(tensor(shape: "[3]"))),
        Case(testDescription: "I64 buffer whose shape does not match its range", expected: "needs 16 bytes",
             data: file(tensor("I64", shape: "[2]"))),
    ]

    @Test("each hostile field is refused with a message naming it", arguments: cases)
    func hostileField(_ hostile: Case) throws {
        let error = try #require(try CorruptFile.error(hostile.data, name: "hostile.safetensors", CorruptFile.readSafetensors))
        #expect(error.message.contains("hostile.safetensors"), "\(error.message)")
        #expect(error.message.contains(hostile.expected), "\(error.message)")
    }

    @Test("the unmodified file of the hostile cases opens and decodes")
    func baselineOpens() throws {
        #expect(try CorruptFile.error(Self.file(Self.tensor()), name: "good.safetensors", CorruptFile.readSafetensors) == nil)
    }

    @Test("every truncation of a safetensors file is refused as truncated")
    func everyTruncation() throws {
        let data = WeightFileTests.makeSafetensors()
        for keep in 0..<data.count {
            let error = try CorruptFile.error(data.prefix(keep), name: "cut.safetensors", CorruptFile.readSafetensors)
            #expect(error?.message.contains("truncated") == true, "first \(keep) of \(data.count) bytes: \(error?.message ?? "opened")")
        }
    }

    @Test("every single-bit flip in the length and header either opens and decodes or is refused with a ModelError")
    func everyBitFlip() throws {
        let data = WeightFileTests.makeSafetensors()
        let headerEnd = data.count - 24
        var refused = 0
        for byte in 0..<headerEnd {
            for bit in 0..<8 {
                let flipped = CorruptFile.flipping(data, byte: byte, bit: bit)
                if try CorruptFile.error(flipped, name: "flipped.safetensors", CorruptFile.readSafetensors) != nil { refused += 1 }
            }
        }
        // Every flip of the length field's 64 bits is refused (shorter: bad JSON; longer: truncated).
        #expect(refused >= 64)
    }
}
