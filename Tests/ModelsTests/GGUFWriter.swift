import Foundation

/// Writes GGUF files field by field, so a test can put any value, valid or not, in any
/// field: counts, lengths, ranks, dimensions, types and offsets are written as given.
struct GGUFWriter {
    private(set) var data = Data()

    /// GGUF value type numbers.
    enum ValueType: UInt32 {
        case uint32 = 4, string = 8, array = 9
    }

    /// Starts a file: magic, version, tensor count, metadata count.
    init(version: UInt32 = 3, tensorCount: UInt64, keyCount: UInt64) {
        data.append(contentsOf: Array("GGUF".utf8))
        u32(version)
        u64(tensorCount)
        u64(keyCount)
    }

    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u8(_ v: UInt8) { data.append(v) }
    mutating func zeros(_ count: Int) { data.append(Data(count: count)) }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }

    /// A string with its length, or with `length` in place of its true length.
    mutating func string(_ s: String, length: UInt64? = nil) {
        u64(length ?? UInt64(s.utf8.count))
        data.append(contentsOf: Array(s.utf8))
    }

    /// A metadata entry holding one unsigned 32-bit integer.
    mutating func key(_ name: String, uint32 value: UInt32) {
        string(name); u32(ValueType.uint32.rawValue); u32(value)
    }

    /// A metadata entry holding one string.
    mutating func key(_ name: String, string value: String) {
        string(name); u32(ValueType.string.rawValue); string(value)
    }

    /// A metadata entry holding an array of strings.
    mutating func key(_ name: String, strings values: [String]) {
        string(name); u32(ValueType.array.rawValue); u32(ValueType.string.rawValue); u64(UInt64(values.count))
        for value in values { string(value) }
    }

    /// A metadata entry holding an array of unsigned 32-bit integers.
    mutating func key(_ name: String, uint32s values: [UInt32]) {
        string(name); u32(ValueType.array.rawValue); u32(ValueType.uint32.rawValue); u64(UInt64(values.count))
        for value in values { u32(value) }
    }

    /// A tensor directory entry; the rank is the number of dimensions unless given.
    mutating func tensor(_ name: String, dimensions: [UInt64], type: UInt32, offset: UInt64, rank: UInt32? = nil) {
        string(name)
        u32(rank ?? UInt32(dimensions.count))
        for dimension in dimensions { u64(dimension) }
        u32(type)
        u64(offset)
    }

    /// Zero bytes up to the next multiple of `alignment`, where tensor data starts.
    mutating func align(_ alignment: Int = 32) {
        while data.count % alignment != 0 { data.append(0) }
    }

    /// `count` Float32 values 0, 1, 2, … as tensor data.
    mutating func floats(_ count: Int) {
        for i in 0..<count { f32(Float(i)) }
    }
}
