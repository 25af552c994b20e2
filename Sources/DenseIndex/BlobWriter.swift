import Foundation

/// Appends little-endian primitives to a `Data` blob.
struct BlobWriter {
    private(set) var data = Data()

    mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    mutating func write(_ value: UInt8) {
        data.append(value)
    }

    /// A UInt32 byte count, then the UTF-8 bytes.
    mutating func write(_ text: String) {
        let bytes = Array(text.utf8)
        write(UInt32(bytes.count))
        data.append(contentsOf: bytes)
    }

    /// A UInt64 float count, then the floats as little-endian IEEE 754 bit patterns.
    mutating func write(_ floats: [Float]) {
        write(UInt64(floats.count))
        data.reserveCapacity(data.count + floats.count * 4)
        for value in floats { write(value.bitPattern) }
    }
}
