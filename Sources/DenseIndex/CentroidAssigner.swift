import QuarryCore
import CBLAS
import Kernels

/// Finds each point's nearest centroid under L2, the step k-means, coarse
/// quantization and PQ encoding share. Wide vectors go through `cblas_sgemm` in
/// blocks; narrow ones (PQ sub-vectors) through a SIMD16 scan of centroids stored
/// dimension-major, where a matrix product would be dominated by its output.
struct CentroidAssigner: Sendable {
    /// Below this width the SIMD scan beats the BLAS block product.
    static let blasMinimumDimension = 16
    /// Points per BLAS block: bounds the score buffer to `blockSize × count` floats.
    static let blockSize = 1024

    let centroids: VectorMatrix
    /// ‖c_j‖² for each centroid, padded with +∞ to a multiple of 16.
    let squaredNorms: [Float]
    /// Centroids dimension-major: `dimension × paddedCount`, zero padded.
    let transposed: [Float]
    /// Centroid count rounded up to a multiple of 16.
    let paddedCount: Int

    var dimension: Int { centroids.dimension }
    var count: Int { centroids.count }

    init(centroids: VectorMatrix) {
        self.centroids = centroids
        let d = centroids.dimension, k = centroids.count
        let padded = (k + 15) / 16 * 16
        var norms = [Float](repeating: .infinity, count: padded)
        var transposed = [Float](repeating: 0, count: d * padded)
        centroids.values.withUnsafeBufferPointer { c in
            for j in 0 ..< k {
                norms[j] = VectorMath.dot(c.baseAddress! + j * d, c.baseAddress! + j * d, count: d)
                for i in 0 ..< d { transposed[i * padded + j] = c[j * d + i] }
            }
        }
        paddedCount = padded
        squaredNorms = norms
        self.transposed = transposed
    }

    /// out[j] = ⟨x, c_j⟩ for all `paddedCount` centroids (x: `dimension` floats).
    @inline(__always)
    func innerProducts(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        transposed.withUnsafeBufferPointer { t in
            Self.innerProducts(x, dimension: dimension, transposed: t.baseAddress!, paddedCount: paddedCount, into: out)
        }
    }

    /// The nearest centroid of one point and ‖c_j‖² − 2⟨x, c_j⟩ for it.
    @inline(__always)
    func nearest(_ x: UnsafePointer<Float>) -> (label: Int32, partialCost: Float) {
        transposed.withUnsafeBufferPointer { t in
            squaredNorms.withUnsafeBufferPointer { norms in
                Self.nearest(x, dimension: dimension, transposed: t.baseAddress!, norms: norms.baseAddress!, paddedCount: paddedCount)
            }
        }
    }

    /// out[j] = Σ_i x[i]·t[i][j] for j < kp: x is `d` floats, t is `d × kp` (kp % 16 == 0), SIMD16 over j.
    @inline(__always)
    static func innerProducts(_ x: UnsafePointer<Float>, dimension d: Int, transposed t: UnsafePointer<Float>,
                              paddedCount kp: Int, into out: UnsafeMutablePointer<Float>) {
        // Offsets wrap (`&+`, `&*`): they stay below d × kp, the size of the table.
        var block = 0
        while block < kp {
            var acc = SIMD16<Float>()
            for i in 0 ..< d {
                acc += x[i] * VectorKernels.loadSIMD16(t + (i &* kp &+ block))
            }
            VectorKernels.storeSIMD16(acc, to: out + block)
            block &+= 16
        }
    }

    /// argmin_j norms[j] − 2·Σ_i x[i]·t[i][j] over j < kp, with that value: x is `d` floats,
    /// t is `d × kp` (kp % 16 == 0), norms `kp` floats (+∞ for padding); SIMD16 over j.
    @inline(__always)
    static func nearest(_ x: UnsafePointer<Float>, dimension d: Int, transposed t: UnsafePointer<Float>,
                        norms: UnsafePointer<Float>, paddedCount kp: Int) -> (label: Int32, partialCost: Float) {
        var best = SIMD16<Float>(repeating: .infinity)
        var bestIndex = SIMD16<Int32>()
        var index = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        var block = 0
        while block < kp {
            var acc = VectorKernels.loadSIMD16(norms + block)
            for i in 0 ..< d {
                acc -= (2 * x[i]) * VectorKernels.loadSIMD16(t + (i &* kp &+ block))
            }
            let better = acc .< best
            best.replace(with: acc, where: better)
            bestIndex.replace(with: index, where: better)
            index &+= 16
            block &+= 16
        }
        return argmin(best, bestIndex)
    }

    /// Nearest centroid and squared distance for each of `n` row-major points.
    func assign(_ points: UnsafePointer<Float>, count n: Int, threads: Int) -> (labels: [Int32], distances: [Float]) {
        var labels = [Int32](repeating: 0, count: n)
        var distances = [Float](repeating: 0, count: n)
        labels.withUnsafeMutableBufferPointer { labelBuffer in
            distances.withUnsafeMutableBufferPointer { distanceBuffer in
                nonisolated(unsafe) let labelsOut = labelBuffer.baseAddress!
                nonisolated(unsafe) let distancesOut = distanceBuffer.baseAddress!
                nonisolated(unsafe) let input = points
                if dimension >= Self.blasMinimumDimension {
                    assignWithBLAS(input, count: n, labels: labelsOut, distances: distancesOut)
                } else {
                    transposed.withUnsafeBufferPointer { t in
                        squaredNorms.withUnsafeBufferPointer { norms in
                            nonisolated(unsafe) let table = t.baseAddress!, normsBase = norms.baseAddress!
                            let d = dimension, kp = paddedCount
                            ParallelWork.run(count: n, threads: threads) { range in
                                for p in range {
                                    let x = input + p &* d
                                    let (label, partial) = Self.nearest(x, dimension: d, transposed: table, norms: normsBase, paddedCount: kp)
                                    labelsOut[p] = label
                                    distancesOut[p] = max(0, partial + VectorMath.dot(x, x, count: d))
                                }
                            }
                        }
                    }
                }
            }
        }
        return (labels, distances)
    }

    /// Block product scores[b][j] = ⟨x_b, c_j⟩ (blockSize × count, sgemm), then a row argmin.
    private func assignWithBLAS(_ points: UnsafePointer<Float>, count n: Int,
                                labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>) {
        let d = dimension, k = count
        var scores = [Float](repeating: 0, count: Self.blockSize * k)
        centroids.values.withUnsafeBufferPointer { c in
            scores.withUnsafeMutableBufferPointer { s in
                var start = 0
                while start < n {
                    let rows = min(Self.blockSize, n - start)
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(d),
                                1, points + start * d, Int32(d), c.baseAddress!, Int32(d), 0, s.baseAddress!, Int32(k))
                    for r in 0 ..< rows {
                        let (label, partial) = argminCost(scores: s.baseAddress! + r &* k)
                        let x = points + (start &+ r) &* d
                        labels[start + r] = label
                        distances[start + r] = max(0, partial + VectorMath.dot(x, x, count: d))
                    }
                    start += rows
                }
            }
        }
    }

    /// argmin_j ‖c_j‖² − 2·scores[j] over one row of `count` inner products (SIMD16, scalar tail).
    @inline(__always)
    private func argminCost(scores: UnsafePointer<Float>) -> (label: Int32, partialCost: Float) {
        let k = count
        return squaredNorms.withUnsafeBufferPointer { norms in
            var best = SIMD16<Float>(repeating: .infinity)
            var bestIndex = SIMD16<Int32>()
            var index = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
            var j = 0
            while j + 16 <= k {
                let cost = VectorKernels.loadSIMD16(norms.baseAddress! + j) - 2 * VectorKernels.loadSIMD16(scores + j)
                let better = cost .< best
                best.replace(with: cost, where: better)
                bestIndex.replace(with: index, where: better)
                index &+= 16
                j &+= 16
            }
            var (label, minimum) = Self.argmin(best, bestIndex)
            while j < k {
                let cost = norms[j] - 2 * scores[j]
                if cost < minimum { (label, minimum) = (Int32(j), cost) }
                j += 1
            }
            return (label, minimum)
        }
    }

    /// The smallest lane value and the smallest index among the lanes holding it.
    @inline(__always)
    static func argmin(_ values: SIMD16<Float>, _ indices: SIMD16<Int32>) -> (Int32, Float) {
        let minimum = VectorKernels.horizontalMin(values)
        let label = VectorKernels.horizontalMin(indices.replacing(with: .max, where: values .!= SIMD16(repeating: minimum)))
        return (label == .max ? 0 : label, minimum)
    }
}
