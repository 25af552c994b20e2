import CQuantKernels
import Dispatch
import Kernels

/// A row-major weight matrix [rows × columns] left in its stored encoding (F32, F16,
/// Q4_0, Q4_1, Q8_0) inside a memory-mapped file. Matrix-vector products read the
/// quantised blocks directly; batched products decode rows to Float32 first.
public struct QuantizedMatrix: @unchecked Sendable {
    public let rows: Int
    public let columns: Int
    public let type: TensorType
    private let base: UnsafeRawPointer
    private let rowBytes: Int

    /// Wraps tensor `name` of `gguf` (GGML dimensions `[columns, rows]`).
    public init(gguf: GGUFFile, name: String) throws {
        let info = try gguf.tensor(name)
        guard info.dimensions.count <= 2 else { throw ModelError("\(gguf.path): tensor \(name) is not a matrix") }
        columns = info.dimensions[0]
        rows = info.dimensions.count == 2 ? info.dimensions[1] : 1
        type = info.type
        base = try gguf.rawBytes(name)
        rowBytes = type.byteCount(elements: columns)
        guard columns % type.blockSize == 0 else {
            throw ModelError("\(gguf.path): tensor \(name) rows of \(columns) are not whole \(type) blocks")
        }
    }

    /// Decodes rows[range] to Float32 into out[range.count × columns].
    public func decodeRows(_ range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        Dequantize.decode(base + range.lowerBound * rowBytes, type: type, count: range.count * columns, into: out)
    }

    /// Matrix-vector product y[rows] = W · x[columns], split across cores by rows.
    public func multiply(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let parts = rows >= 256 ? Matmul.workerCount : 1
        let blocks = columns / 32
        // x reordered to the lane order the block kernels produce (see `lanePermuted`),
        // followed by the per-block sums of x that Q4_1's minimum term needs.
        // The AVX2 kernels read x in its natural order.
        let prepared = UnsafeMutablePointer<Float>.allocate(capacity: columns + blocks + 1)
        defer { prepared.deallocate() }
        if type.blockSize == 32 {
            if Self.nativeKernels {
                prepared.update(from: x, count: columns)
            } else {
                Self.lanePermuted(x, count: columns, into: prepared)
            }
            for b in 0..<blocks {
                var s: Float = 0
                for j in 0..<32 { s += x[b * 32 + j] }
                prepared[columns + b] = s
            }
        } else {
            prepared.update(from: x, count: columns)
        }
        let xs = SharedPointer(prepared), ys = SharedPointer(y)
        let chunk = (rows + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = part * chunk, end = min(rows, start + chunk)
            guard start < end else { return }
            multiplyRows(start..<end, UnsafePointer(xs.base), UnsafePointer(xs.base + columns), ys.base)
        }
    }

    /// Whether the AVX2/FMA/F16C kernels of CQuantKernels run the Q4_0, Q4_1 and Q8_0
    /// products (checked once); otherwise the portable SIMD4 code below does.
    static let nativeKernels = cqk_available() != 0

    /// Reorders each 16-value half block so that position k·4+i holds element 4i+k: the
    /// order in which byte k of each 32-bit lane comes out of a `SIMD4<UInt32>` load.
    static func lanePermuted(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        for base in stride(from: 0, to: count, by: 16) {
            for k in 0..<4 {
                for i in 0..<4 { out[base + k * 4 + i] = x[base + 4 * i + k] }
            }
        }
    }

    /// Small unsigned integers held in the low bits of each lane, as exact floats:
    /// (n | 0x4B00_0000) is the float 2²³ + n.
    @inline(__always)
    static func floats(_ n: SIMD4<UInt32>, minus offset: Float) -> SIMD4<Float> {
        unsafeBitCast(n | 0x4B00_0000, to: SIMD4<Float>.self) - SIMD4(repeating: 8_388_608 + offset)
    }

    /// y[r] = row r · x for rows in `range`; x is lane-permuted unless `nativeKernels`, blockSums[b] = Σ x over block b.
    private func multiplyRows(_ range: Range<Int>, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let blocks = columns / 32
        let rx = UnsafeRawPointer(x)
        if Self.nativeKernels {
            switch type {
            case .q4_1, .q4_0:
                return cqk_matvec_q4(base, rowBytes, blocks, type == .q4_1 ? 1 : 0, range.lowerBound, range.upperBound, x, blockSums, y)
            case .q8_0:
                return cqk_matvec_q8_0(base, rowBytes, blocks, range.lowerBound, range.upperBound, x, y)
            case .f32, .f16, .bf16:
                break
            }
        }
        switch type {
        case .q4_1:
            for r in range { y[r] = Self.dotQ4(base + r * rowBytes, blocks: blocks, stride: 20, quantOffset: 4, x: rx, blockSums: blockSums, hasMinimum: true) }
        case .q4_0:
            for r in range { y[r] = Self.dotQ4(base + r * rowBytes, blocks: blocks, stride: 18, quantOffset: 2, x: rx, blockSums: blockSums, hasMinimum: false) }
        case .q8_0:
            for r in range { y[r] = Self.dotQ8(base + r * rowBytes, blocks: blocks, x: rx) }
        case .f32, .f16, .bf16:
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: columns)
            defer { scratch.deallocate() }
            for r in range {
                decodeRows(r..<(r + 1), into: scratch)
                y[r] = VectorMath.dot(scratch, x, count: columns)
            }
        }
    }

    /// One Q4_0/Q4_1 row · lane-permuted x: Σ_blocks d·Σ q·x (+ m·Σ x for Q4_1; q − 8 for Q4_0).
    @inline(__always)
    private static func dotQ4(
        _ row: UnsafeRawPointer, blocks: Int, stride: Int, quantOffset: Int, x: UnsafeRawPointer,
        blockSums: UnsafePointer<Float>, hasMinimum: Bool
    ) -> Float {
        let table = Dequantize.halfTable.base
        let low = SIMD4<UInt32>(repeating: 0x0F)
        let offset: Float = hasMinimum ? 0 : 8
        var scaled = SIMD4<Float>()
        var minimumTerm: Float = 0
        for b in 0..<blocks {
            let block = row + b * stride
            let v = block.loadUnaligned(fromByteOffset: quantOffset, as: SIMD4<UInt32>.self)
            let xb = x + b * 128
            var a0 = floats(v & low, minus: offset) * xb.loadUnaligned(as: SIMD4<Float>.self)
            var a1 = floats((v &>> 8) & low, minus: offset) * xb.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self)
            a0 += floats((v &>> 16) & low, minus: offset) * xb.loadUnaligned(fromByteOffset: 32, as: SIMD4<Float>.self)
            a1 += floats((v &>> 24) & low, minus: offset) * xb.loadUnaligned(fromByteOffset: 48, as: SIMD4<Float>.self)
            a0 += floats((v &>> 4) & low, minus: offset) * xb.loadUnaligned(fromByteOffset: 64, as: SIMD4<Float>.self)
            a1 += floats((v &>> 12) & low, minus: offset) * xb.loadUnaligned(fromByteOffset: 80, as: SIMD4<Float>.self)
            a0 += floats((v &>> 20) & low, minus: offset) * xb.loadUnaligned(fromByteOffset: 96, as: SIMD4<Float>.self)
            a1 += floats((v &>> 28) & low, minus: offset) * xb.loadUnaligned(fromByteOffset: 112, as: SIMD4<Float>.self)
            scaled += (a0 + a1) * table[Int(block.loadUnaligned(as: UInt16.self))]
            if hasMinimum {
                minimumTerm += table[Int(block.loadUnaligned(fromByteOffset: 2, as: UInt16.self))] * blockSums[b]
            }
        }
        return scaled.sum() + minimumTerm
    }

    /// One Q8_0 row · lane-permuted x: Σ_blocks d·Σ q·x.
    @inline(__always)
    private static func dotQ8(_ row: UnsafeRawPointer, blocks: Int, x: UnsafeRawPointer) -> Float {
        let table = Dequantize.halfTable.base
        let byte = SIMD4<UInt32>(repeating: 0xFF), flip = SIMD4<UInt32>(repeating: 0x8080_8080)
        var scaled = SIMD4<Float>()
        for b in 0..<blocks {
            let block = row + b * 34
            let xb = x + b * 128
            // Signed bytes become unsigned q+128 by flipping their top bits.
            let v0 = block.loadUnaligned(fromByteOffset: 2, as: SIMD4<UInt32>.self) ^ flip
            let v1 = block.loadUnaligned(fromByteOffset: 18, as: SIMD4<UInt32>.self) ^ flip
            var a0 = floats(v0 & byte, minus: 128) * xb.loadUnaligned(as: SIMD4<Float>.self)
            var a1 = floats((v0 &>> 8) & byte, minus: 128) * xb.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self)
            a0 += floats((v0 &>> 16) & byte, minus: 128) * xb.loadUnaligned(fromByteOffset: 32, as: SIMD4<Float>.self)
            a1 += floats(v0 &>> 24, minus: 128) * xb.loadUnaligned(fromByteOffset: 48, as: SIMD4<Float>.self)
            a0 += floats(v1 & byte, minus: 128) * xb.loadUnaligned(fromByteOffset: 64, as: SIMD4<Float>.self)
            a1 += floats((v1 &>> 8) & byte, minus: 128) * xb.loadUnaligned(fromByteOffset: 80, as: SIMD4<Float>.self)
            a0 += floats((v1 &>> 16) & byte, minus: 128) * xb.loadUnaligned(fromByteOffset: 96, as: SIMD4<Float>.self)
            a1 += floats(v1 &>> 24, minus: 128) * xb.loadUnaligned(fromByteOffset: 112, as: SIMD4<Float>.self)
            scaled += (a0 + a1) * table[Int(block.loadUnaligned(as: UInt16.self))]
        }
        return scaled.sum()
    }
}
