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
        let xs = SharedPointer(readOnly: x), ys = SharedPointer(y)
        let chunk = (rows + parts - 1) / parts
        let blockSums = UnsafeMutablePointer<Float>.allocate(capacity: columns / 32 + 1)
        defer { blockSums.deallocate() }
        if type == .q4_1 {
            for b in 0..<(columns / 32) {
                var s: Float = 0
                for j in 0..<32 { s += x[b * 32 + j] }
                blockSums[b] = s
            }
        }
        let sums = SharedPointer(blockSums)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = part * chunk, end = min(rows, start + chunk)
            guard start < end else { return }
            multiplyRows(start..<end, UnsafePointer(xs.base), UnsafePointer(sums.base), ys.base)
        }
    }

    private func multiplyRows(_ range: Range<Int>, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let blocks = columns / 32
        let rx = UnsafeRawPointer(x)
        switch type {
        case .q4_1, .q4_0:
            let hasMin = type == .q4_1
            let stride = type.blockBytes
            for r in range {
                let row = base + r * rowBytes
                var total: Float = 0
                for b in 0..<blocks {
                    let block = row + b * stride
                    let d = Dequantize.half(block, 0)
                    let bytes = block.loadUnaligned(fromByteOffset: hasMin ? 4 : 2, as: SIMD16<UInt8>.self)
                    let lo = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: bytes & 0x0F))
                    let hi = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: bytes &>> 4))
                    let x0 = rx.loadUnaligned(fromByteOffset: b * 128, as: SIMD16<Float>.self)
                    let x1 = rx.loadUnaligned(fromByteOffset: b * 128 + 64, as: SIMD16<Float>.self)
                    let qx = (lo * x0 + hi * x1).sum()
                    if hasMin {
                        total += d * qx + Dequantize.half(block, 2) * blockSums[b]
                    } else {
                        total += d * (qx - 8 * (x0.sum() + x1.sum()))
                    }
                }
                y[r] = total
            }
        case .q8_0:
            for r in range {
                let row = base + r * rowBytes
                var total: Float = 0
                for b in 0..<blocks {
                    let block = row + b * 34
                    let q0 = block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)
                    let q1 = block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)
                    let x0 = rx.loadUnaligned(fromByteOffset: b * 128, as: SIMD16<Float>.self)
                    let x1 = rx.loadUnaligned(fromByteOffset: b * 128 + 64, as: SIMD16<Float>.self)
                    let f0 = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: q0))
                    let f1 = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: q1))
                    total += Dequantize.half(block, 0) * (f0 * x0 + f1 * x1).sum()
                }
                y[r] = total
            }
        case .f32, .f16, .bf16:
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: columns)
            defer { scratch.deallocate() }
            for r in range {
                decodeRows(r..<(r + 1), into: scratch)
                y[r] = VectorMath.dot(scratch, x, count: columns)
            }
        }
    }
}
