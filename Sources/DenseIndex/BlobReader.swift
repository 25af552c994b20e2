import Foundation

/// Reads little-endian primitives from a `Data` blob, throwing
/// `DenseIndexError.invalidParameters` naming the field when the blob is short or wrong.
struct BlobReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) {
        bytes = [UInt8](data)
    }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int, field: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw DenseIndexError.invalidParameters("truncated at \(field) (byte \(offset) of \(bytes.count))")
        }
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    mutating func readUInt8(field: String) throws -> UInt8 {
        try take(1, field: field).first!
    }

    mutating func readUInt32(field: String) throws -> UInt32 {
        try take(4, field: field).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readUInt64(field: String) throws -> UInt64 {
        try take(8, field: field).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func readString(field: String) throws -> String {
        let length = Int(try readUInt32(field: field))
        guard let text = String(validating: try take(length, field: field), as: UTF8.self) else {
            throw DenseIndexError.invalidParameters("\(field) is not UTF-8")
        }
        return text
    }

    /// Floats written by `BlobWriter.write(_: [Float])`; exactly `expected` of them, all finite.
    mutating func readFloats(expected: Int, field: String) throws -> [Float] {
        let stored = try readUInt64(field: field)
        guard stored == UInt64(expected) else {
            throw DenseIndexError.invalidParameters("\(field) holds \(stored) floats, expected \(expected)")
        }
        let raw = try take(expected * 4, field: field)
        var floats = [Float](repeating: 0, count: expected)
        var index = raw.startIndex
        for i in 0 ..< expected {
            let bits = UInt32(raw[index]) | UInt32(raw[index + 1]) << 8 | UInt32(raw[index + 2]) << 16 | UInt32(raw[index + 3]) << 24
            floats[i] = Float(bitPattern: bits)
            guard floats[i].isFinite else {
                throw DenseIndexError.invalidParameters("\(field) float \(i) is not finite")
            }
            index += 4
        }
        return floats
    }
}
