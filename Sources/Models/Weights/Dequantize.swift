import Kernels

/// Conversion of stored weights to Float32.
public enum Dequantize {
    /// Decodes `count` elements of `type` from `source` into out[count].
    /// Q4_0: w = d·(q−8); Q4_1: w = d·q + m; Q8_0: w = d·q. In the 4-bit blocks byte j
    /// holds element j in its low nibble and element j+16 in its high nibble.
    public static func decode(
        _ source: UnsafeRawPointer, type: TensorType, count: Int, into out: UnsafeMutablePointer<Float>
    ) {
        switch type {
        case .f32:
            UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: count * 4)
        case .f16:
            for i in 0..<count { out[i] = half(source, i * 2) }
        case .bf16:
            for i in 0..<count {
                let bits = source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                out[i] = Float(bitPattern: UInt32(bits) << 16)
            }
        case .q4_0, .q4_1:
            let blocks = count / 32
            let hasMin = type == .q4_1
            for b in 0..<blocks {
                let block = source + b * type.blockBytes
                let d = half(block, 0)
                let m: Float = hasMin ? half(block, 2) : -8 * d
                let quants = block + (hasMin ? 4 : 2)
                let target = out + b * 32
                for j in 0..<16 {
                    let byte = quants.load(fromByteOffset: j, as: UInt8.self)
                    target[j] = Float(byte & 0x0F) * d + m
                    target[j + 16] = Float(byte >> 4) * d + m
                }
            }
        case .q8_0:
            let blocks = count / 32
            for b in 0..<blocks {
                let block = source + b * 34
                let d = half(block, 0)
                let target = out + b * 32
                for j in 0..<32 {
                    target[j] = Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) * d
                }
            }
        }
    }

    /// The IEEE half-precision value at byte `offset` of `base`, widened to Float by
    /// table lookup (the portable conversion is a library call per value).
    @inline(__always)
    static func half(_ base: UnsafeRawPointer, _ offset: Int) -> Float {
        halfTable.base[Int(base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))]
    }

    /// Float value of every half-precision bit pattern (256 KiB).
    static let halfTable: SharedPointer<Float> = {
        let table = UnsafeMutablePointer<Float>.allocate(capacity: 65536)
        for bits in 0..<65536 { table[bits] = Float(Float16(bitPattern: UInt16(bits))) }
        return SharedPointer(table)
    }()
}
