import CQuantKernels
import Dispatch
import Kernels

/// A row-major weight matrix [rows × columns] left in its stored encoding (F32, F16,
/// Q4_0, Q4_1, Q8_0) inside a memory-mapped file. Matrix-vector products read the
/// quantised blocks directly, against activations quantised to 8 bits as llama.cpp does;
/// batched products decode rows to Float32 first.
public struct QuantizedMatrix: @unchecked Sendable {
    public let rows: Int
    public let columns: Int
    public let type: TensorType
    private let base: UnsafeRawPointer
    private let rowBytes: Int
    /// Q4_0/Q4_1 rows copied into the layout the matvec kernel reads (nibbles, then scales).
    private let repacked: RepackedRows?

    /// Wraps tensor `name` of `gguf` (GGML dimensions `[columns, rows]`); throws when it
    /// has more than two dimensions or its rows are not whole blocks.
    public init(gguf: GGUFFile, name: String) throws {
        let info = try gguf.tensor(name)
        guard info.dimensions.count <= 2 else { throw ModelError("\(gguf.path): tensor \(name) is not a matrix") }
        columns = info.dimensions[0]
        rows = info.dimensions.count == 2 ? info.dimensions[1] : 1
        type = info.type
        guard let rowBytes = type.byteCount(elements: columns) else {
            throw ModelError("\(gguf.path): tensor \(name) rows of \(columns) are not whole \(type) blocks")
        }
        self.rowBytes = rowBytes
        base = try gguf.rawBytes(name)
        switch type {
        case .q4_0, .q4_1:
            repacked = RepackedRows(base, rows: rows, rowBytes: rowBytes, blocks: columns / 32, hasMinimum: type == .q4_1)
        case .f32, .f16, .bf16, .q8_0:
            repacked = nil
        }
    }

    /// Wraps tensor `name` of `gguf`, which must be a [rows × columns] matrix; throws a
    /// `ModelError` naming both shapes when the file's tensor differs from the metadata.
    public init(gguf: GGUFFile, name: String, rows: Int, columns: Int) throws {
        let info = try gguf.tensor(name)
        let shape = info.dimensions.count == 1 ? info.dimensions + [1] : info.dimensions
        guard shape == [columns, rows] else {
            throw ModelError("\(gguf.path): tensor \(name) has GGML dimensions \(info.dimensions) but the metadata implies [\(columns), \(rows)]")
        }
        try self.init(gguf: gguf, name: name)
    }

    /// Whether products with this matrix see their input quantised to 8 bits per block.
    var quantizesInput: Bool { type.blockSize == 32 }

    /// Decodes rows[range] to Float32 into out[range.count × columns].
    public func decodeRows(_ range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        Dequantize.decode(base + range.lowerBound * rowBytes, type: type, count: range.count * columns, into: out)
    }

    /// Matrix-vector product y[rows] = W · x[columns], split across cores by rows.
    public func multiply(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let quantized = quantizesInput ? QuantizedActivations(x, rows: 1, columns: columns) : nil
        withExtendedLifetime(quantized) { Self.multiply([(self, y)], input: x, quantized: quantized?.row(0)) }
    }

    /// y_i[W_i.rows] = W_i · x for matrices sharing one input row x[columns], in a single
    /// split across cores. `quantized` is x as 8-bit blocks, needed when any W_i is quantised.
    static func multiply(
        _ products: [(matrix: QuantizedMatrix, output: UnsafeMutablePointer<Float>)],
        input x: UnsafePointer<Float>, quantized: cqk_activations?
    ) {
        let totalRows = products.reduce(0) { $0 + $1.matrix.rows }
        let parts = totalRows >= 256 ? Matmul.workerCount : 1
        let xs = SharedPointer(readOnly: x)
        let blocks = quantized.map { SharedActivations(value: $0) }
        let work = products.map { (matrix: $0.matrix, output: SharedPointer($0.output)) }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for (matrix, output) in work {
                let chunk = (matrix.rows + parts - 1) / parts
                let start = part * chunk, end = min(matrix.rows, start + chunk)
                guard start < end else { continue }
                matrix.multiplyRows(start..<end, xs.base, blocks?.value, output.base)
            }
        }
    }

    /// y[r] = row r · x for rows in `range`.
    private func multiplyRows(
        _ range: Range<Int>, _ x: UnsafePointer<Float>, _ quantized: cqk_activations?,
        _ y: UnsafeMutablePointer<Float>
    ) {
        let blocks = columns / 32
        switch type {
        case .q4_1, .q4_0:
            cqk_matvec_q4(repacked!.base, blocks, type == .q4_1 ? 1 : 0, range.lowerBound, range.upperBound, quantized!, y)
        case .q8_0:
            cqk_matvec_q8_0(base, rowBytes, blocks, range.lowerBound, range.upperBound, quantized!, y)
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

/// Quantised activations handed to the cores of one product (read-only while it runs).
private struct SharedActivations: @unchecked Sendable {
    let value: cqk_activations
}

/// A Q4_0/Q4_1 matrix copied out of its GGUF blocks into the kernel's row layout, same size.
private final class RepackedRows: @unchecked Sendable {
    let base: UnsafeMutableRawPointer

    init(_ source: UnsafeRawPointer, rows: Int, rowBytes: Int, blocks: Int, hasMinimum: Bool) {
        base = .allocate(byteCount: rows * rowBytes, alignment: 64)
        cqk_repack_q4(source, rows, blocks, hasMinimum ? 1 : 0, base)
    }

    deinit { base.deallocate() }
}
