import CBLAS

/// Dense matrix products on OpenBLAS (`cblas_sgemm`), row-major throughout.
public enum Matmul {
    /// Linear layer: y[m×n] = x[m×k] · W[n×k]ᵀ (+ bias[n] on every row). W is row-major
    /// with one output feature per row, as PyTorch and GGUF store it.
    public static func linear(
        _ x: UnsafePointer<Float>, rows m: Int, inputs k: Int,
        weight: UnsafePointer<Float>, outputs n: Int, bias: UnsafePointer<Float>?,
        into y: UnsafeMutablePointer<Float>
    ) {
        var beta: Float = 0
        if let bias {
            for row in 0..<m { (y + row * n).update(from: bias, count: n) }
            beta = 1
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(m), Int32(n), Int32(k), 1, x, Int32(k), weight, Int32(k), beta, y, Int32(n))
    }

    /// General product: C[m×n] = alpha · op(A) · op(B) + beta · C, where op transposes
    /// when asked; `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Sets how many threads OpenBLAS uses for every later product.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
