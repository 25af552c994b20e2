import Foundation
import Models
import Testing

/// Damaged and hostile GGUF files: every one must be refused with a `ModelError` that
/// names the file and the field at fault, before anything is allocated for a bogus count
/// and without any read outside the file (the release build checks nothing else).
@Suite("GGUF reader on truncated, bit-flipped and hostile files")
struct GGUFCorruptionTests {
    /// One hand-written file and the words its error must contain.
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let expected: String
        let data: Data
    }

    /// A file with one metadata entry `key`, written by `entry`, and one F32 tensor
    /// `w` [4 × 2] whose directory entry `tensor` may replace.
    static func file(
        version: UInt32 = 3, tensorCount: UInt64 = 1, keyCount: UInt64 = 1,
        entry: (inout GGUFWriter) -> Void = { $0.key("general.name", string: "tiny") },
        tensor: (inout GGUFWriter) -> Void = { $0.tensor("w", dimensions: [4, 2], type: 0, offset: 0) },
        dataFloats: Int = 8
    ) -> Data {
        var w = GGUFWriter(version: version, tensorCount: tensorCount, keyCount: keyCount)
        entry(&w)
        tensor(&w)
        w.align()
        w.floats(dataFloats)
        return w.data
    }

    static let cases: [Case] = [
        Case(testDescription: "version 4", expected: "version 4", data: file(version: 4)),
        Case(testDescription: "tensor count 2^64−1", expected: "the tensor count is 18446744073709551615",
             data: file(tensorCount: .max)),
        Case(testDescription: "metadata count 2^40", expected: "the metadata count is 1099511627776",
             data: file(keyCount: 1 << 40)),
        Case(testDescription: "key length 2^64−1", expected: "the length of a metadata key",
             data: file(entry: { $0.string("general.name", length: .max); $0.u32(8); $0.string("tiny") })),
        Case(testDescription: "string value length 2^62", expected: "the length of metadata general.name",
             data: file(entry: { $0.string("general.name"); $0.u32(8); $0.string("tiny", length: 1 << 62) })),
        Case(testDescription: "array length 2^64−1", expected: "the length of metadata list",
             data: file(entry: { $0.string("list"); $0.u32(9); $0.u32(0); $0.u64(.max) })),
        Case(testDescription: "array of 2^40 strings", expected: "the length of metadata list",
             data: file(entry: { $0.string("list"); $0.u32(9); $0.u32(8); $0.u64(1 << 40); $0.string("a") })),
        Case(testDescription: "array of 2^24+1 bytes, all present", expected: "has 16777217 elements, more than the 16777216",
             data: file(entry: {
                 $0.string("list"); $0.u32(9); $0.u32(0); $0.u64(1 << 24 + 1)
                 $0.zeros(1 << 24 + 1)
             })),
        Case(testDescription: "array of an unknown value type", expected: "unknown value type 77",
             data: file(entry: { $0.string("list"); $0.u32(9); $0.u32(77); $0.u64(1) })),
        Case(testDescription: "arrays nested six deep", expected: "nests arrays deeper",
             data: file(entry: {
                 $0.string("deep"); $0.u32(9)
                 for _ in 0..<6 { $0.u32(9); $0.u64(1) }
                 $0.u32(0); $0.u64(1); $0.u8(7)
             })),
        Case(testDescription: "unknown value type", expected: "unknown value type 13",
             data: file(entry: { $0.string("odd"); $0.u32(13); $0.u32(0) })),
        Case(testDescription: "a metadata key twice", expected: "metadata key general.name appears twice",
             data: file(keyCount: 2, entry: { $0.key("general.name", string: "a"); $0.key("general.name", string: "b") })),
        Case(testDescription: "alignment 48", expected: "general.alignment",
             data: file(entry: { $0.key("general.alignment", uint32: 48) })),
        Case(testDescription: "alignment 0", expected: "general.alignment",
             data: file(entry: { $0.key("general.alignment", uint32: 0) })),
        Case(testDescription: "rank 5", expected: "tensor w has 5 dimensions",
             data: file(tensor: { $0.tensor("w", dimensions: [1, 1, 1, 1, 8], type: 0, offset: 0) })),
        Case(testDescription: "rank 0", expected: "tensor w has 0 dimensions",
             data: file(tensor: { $0.tensor("w", dimensions: [], type: 0, offset: 0) })),
        Case(testDescription: "rank 2^32−1 with no dimensions after it", expected: "tensor w has 4294967295 dimensions",
             data: file(tensor: { $0.tensor("w", dimensions: [], type: 0, offset: 0, rank: .max) })),
        Case(testDescription: "a dimension of 2^64−1", expected: "has a dimension of 18446744073709551615",
             data: file(tensor: { $0.tensor("w", dimensions: [.max, 1], type: 0, offset: 0) })),
        Case(testDescription: "dimensions whose product overflows", expected: "more elements than fit in memory",
             data: file(tensor: { $0.tensor("w", dimensions: [1 << 32, 1 << 32], type: 0, offset: 0) })),
        Case(testDescription: "an element count whose byte size overflows", expected: "more bytes than fit in memory",
             data: file(tensor: { $0.tensor("w", dimensions: [1 << 61, 2], type: 0, offset: 0) })),
        Case(testDescription: "Q8_0 rows of 16 values", expected: "not whole q8_0 blocks of 32",
             data: file(tensor: { $0.tensor("w", dimensions: [16, 2], type: 8, offset: 0) })),
        Case(testDescription: "GGML type 99", expected: "GGML type 99",
             data: file(tensor: { $0.tensor("w", dimensions: [4, 2], type: 99, offset: 0) })),
        Case(testDescription: "data offset 2^40", expected: "past the end",
             data: file(tensor: { $0.tensor("w", dimensions: [4, 2], type: 0, offset: 1 << 40) })),
        Case(testDescription: "data offset 2^64−1", expected: "past the end",
             data: file(tensor: { $0.tensor("w", dimensions: [4, 2], type: 0, offset: .max) })),
        Case(testDescription: "unaligned data offset", expected: "not a multiple of the alignment 32",
             data: file(tensor: { $0.tensor("w", dimensions: [4, 2], type: 0, offset: 4) }, dataFloats: 16)),
        Case(testDescription: "tensor ending past the file", expected: "of the data section",
             data: file(tensor: { $0.tensor("w", dimensions: [4, 4], type: 0, offset: 0) })),
        Case(testDescription: "a tensor name twice", expected: "tensor name w appears twice",
             data: file(tensorCount: 2, tensor: {
                 $0.tensor("w", dimensions: [4, 2], type: 0, offset: 0)
                 $0.tensor("w", dimensions: [4, 2], type: 0, offset: 0)
             })),
    ]

    @Test("each hostile field is refused with a message naming it", arguments: cases)
    func hostileField(_ hostile: Case) throws {
        let error = try #require(try CorruptFile.error(hostile.data, name: "hostile.gguf", CorruptFile.readGGUF))
        #expect(error.message.contains("hostile.gguf"), "\(error.message)")
        #expect(error.message.contains(hostile.expected), "\(error.message)")
    }

    @Test("the unmodified file of the hostile cases opens, so each case fails only for its own field")
    func baselineOpens() throws {
        #expect(try CorruptFile.error(Self.file(), name: "good.gguf", CorruptFile.readGGUF) == nil)
    }

    @Test("every truncation of a GGUF file is refused as truncated")
    func everyTruncation() throws {
        let data = WeightFileTests.makeGGUF().data
        for keep in 0..<data.count {
            let error = try CorruptFile.error(data.prefix(keep), name: "cut.gguf", CorruptFile.readGGUF)
            #expect(error?.message.contains("truncated") == true, "first \(keep) of \(data.count) bytes: \(error?.message ?? "opened")")
        }
    }

    @Test("every single-bit flip in the header either opens and decodes or is refused with a ModelError")
    func everyBitFlip() throws {
        let data = WeightFileTests.makeGGUF().data
        var refused = 0
        // The header and directory: everything before the first tensor's data.
        let headerBytes = data.count - 148
        for byte in 0..<headerBytes {
            for bit in 0..<8 {
                let flipped = CorruptFile.flipping(data, byte: byte, bit: bit)
                if try CorruptFile.error(flipped, name: "flipped.gguf", CorruptFile.readGGUF) != nil { refused += 1 }
            }
        }
        // Flips in lengths, counts, types, ranks and dimensions are refused; flips in
        // metadata values and names need not be.
        #expect(refused > headerBytes)
    }
}
