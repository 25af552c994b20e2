/// Small SIMD kernels over float vectors, shared by the indexes.
enum VectorKernels {
    /// Σ a[i]·b[i] over `count` floats.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            acc += loadSIMD16(a + i) * loadSIMD16(b + i)
            i += 16
        }
        var sum = acc.sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// Σ (a[i] − b[i])² over `count` floats.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            let d = loadSIMD16(a + i) - loadSIMD16(b + i)
            acc += d * d
            i += 16
        }
        var sum = acc.sum()
        while i < count {
            let d = a[i] - b[i]
            sum += d * d
            i += 1
        }
        return sum
    }

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
