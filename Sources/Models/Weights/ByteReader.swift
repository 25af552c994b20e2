/// A little-endian cursor over mapped bytes that reports truncation with the file's name.
/// Every bound is a comparison against the bytes left, so no length read from the file
/// can overflow an offset.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset = 0

    /// Bytes not read yet.
    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw ModelError.truncated(path, "while reading \(what)") }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    mutating func readFloat(_ what: String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, what))
    }

    mutating func readDouble(_ what: String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, what))
    }

    /// A 64-bit count of items taking at least `minimumBytes` each that must still follow
    /// in the file; a larger count means the file is cut short (or the field is damaged),
    /// and is refused before anything is allocated for it.
    mutating func readCount(_ what: String, minimumBytes: Int = 1) throws -> Int {
        let value = try read(UInt64.self, what)
        let room = remaining / minimumBytes
        guard value <= UInt64(room) else {
            throw ModelError.truncated(path, "\(what) is \(value) but the \(remaining) bytes left hold at most \(room)")
        }
        return Int(value)
    }

    mutating func readBytes(_ count: Int, _ what: String) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw ModelError.truncated(path, "while reading \(what): \(count) bytes wanted, \(remaining) left")
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }
}
