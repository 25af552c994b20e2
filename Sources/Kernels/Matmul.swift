import CBLAS
import Dispatch
import Foundation

/// Dense matrix products on OpenBLAS (`cblas_sgemm`), row-major throughout. OpenBLAS
/// runs single-threaded; large products are split by rows across the cores here, which
/// avoids OpenBLAS's spinning worker threads on a shared, busy machine.
public enum Matmul {
    /// Cores used for large products.
    public static let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Pins OpenBLAS to one thread per call, once.
    private static let singleThreaded: Void = openblas_set_num_threads(1)

    /// Linear layer: y[m×n] = x[m×k] · W[n×k]ᵀ (+ bias[n] on every row). W is row-major
    /// with one output feature per row, as PyTorch and GGUF store it. With `accumulate`
    /// the result is added to y instead (y += x · Wᵀ + bias), as a residual connection needs.
    public static func linear(
        _ x: UnsafePointer<Float>, rows m: Int, inputs k: Int,
        weight: UnsafePointer<Float>, outputs n: Int, bias: UnsafePointer<Float>?,
        accumulate: Bool = false, into y: UnsafeMutablePointer<Float>
    ) {
        _ = singleThreaded
        let xs = SharedPointer(readOnly: x), ws = SharedPointer(readOnly: weight), ys = SharedPointer(y)
        let biases = bias.map { SharedPointer(readOnly: $0) }
        let beta: Float = bias == nil && !accumulate ? 0 : 1
        // Each part starts its own rows of y from the bias, so that pass is split too.
        let product = { @Sendable (start: Int, rows: Int) in
            let target = ys.base + start * n
            if let biases {
                for row in 0..<rows {
                    let values = target + row * n
                    if accumulate {
                        for i in 0..<n { values[i] += biases.base[i] }
                    } else {
                        values.update(from: biases.base, count: n)
                    }
                }
            }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans,
                Int32(rows), Int32(n), Int32(k), 1, xs.base + start * k, Int32(k), ws.base, Int32(k), beta,
                target, Int32(n))
        }
        let parts = m >= 32 * workerCount ? workerCount : 1
        if parts == 1 { return product(0, m) }
        let chunk = (m + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = part * chunk
            if start < m { product(start, min(chunk, m - start)) }
        }
    }

    /// General product: C[m×n] = alpha · op(A) · op(B) + beta · C, where op transposes
    /// when asked; `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = singleThreaded
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Matrix-vector product: y[m or n] = alpha · op(A) · x + beta · y, A[m×n] stored
    /// row-major with row stride `lda`; op transposes when asked (then x has m values, y n).
    public static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        _ = singleThreaded
        cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

}
