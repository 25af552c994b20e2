/// GPT-2's reversible map from bytes to printable Unicode scalars, used by byte-level BPE
/// vocabularies: printable Latin-1 bytes map to themselves, the rest to U+0100 onwards.
enum ByteEncoding {
    /// Scalar for each byte value.
    static let scalarForByte: [Unicode.Scalar] = {
        var printable: [Int] = Array(33...126) + Array(161...172) + Array(174...255)
        var scalars = [Unicode.Scalar](repeating: " ", count: 256)
        var next = 256
        let printableSet = Set(printable)
        for byte in 0..<256 where !printableSet.contains(byte) {
            printable.append(byte)
            scalars[byte] = Unicode.Scalar(UInt32(next))!
            next += 1
        }
        for byte in printableSet { scalars[byte] = Unicode.Scalar(UInt32(byte))! }
        return scalars
    }()

    /// Byte for each mapped scalar value.
    static let byteForScalar: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (byte, scalar) in scalarForByte.enumerated() { map[scalar.value] = UInt8(byte) }
        return map
    }()
}
