/// SIMD16 helpers shared by the indexes' scan loops (dot products and distances come from
/// `Kernels.VectorMath`).
enum VectorKernels {
    /// The smallest lane, by halving (the standard library's `min()` is a scalar loop).
    @inline(__always)
    static func horizontalMin<Scalar: Comparable & SIMDScalar>(_ v: SIMD16<Scalar>) -> Scalar {
        let eight = pointwiseMin(v.lowHalf, v.highHalf)
        let four = pointwiseMin(eight.lowHalf, eight.highHalf)
        let two = pointwiseMin(four.lowHalf, four.highHalf)
        return Swift.min(two[0], two[1])
    }

    /// Loads 16 consecutive floats from `p` (no alignment needed).
    @inline(__always)
    static func loadSIMD16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Stores 16 floats at `p` (no alignment needed).
    @inline(__always)
    static func storeSIMD16(_ v: SIMD16<Float>, to p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
    }
}
