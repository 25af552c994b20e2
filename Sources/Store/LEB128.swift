/// Unsigned LEB128 varints, seven bits a byte, low bits first, the high bit set on every
/// byte but the last: the integers of the store's own blobs (``SurprisalCoding``,
/// ``ChunkTermsCoding``).
enum LEB128 {
    /// Appends `value`'s varint to `bytes`.
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
    }

    /// The varint at `position` in `bytes`, moving `position` past it; nil when the bytes
    /// end inside it or it runs past nine bytes (63 bits).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> UInt64? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while position < bytes.count, shift < 63 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
