/// SIMD vector reductions on contiguous Float buffers.
public enum VectorMath {
    /// Dot product Σ a[i]·b[i] over count values, 16 lanes at a time.
    @inlinable
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 16 <= count {
            let a0 = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let b0 = rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let a1 = ra.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
            let b1 = rb.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
            acc0 += a0 * b0
            acc1 += a1 * b1
            i += 16
        }
        var sum = (acc0 + acc1).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// Squared Euclidean distance Σ (a[i]−b[i])² over count values.
    @inlinable
    public static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= count {
            let d = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                - rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc += d * d
            i += 8
        }
        var sum = acc.sum()
        while i < count {
            let d = a[i] - b[i]
            sum += d * d
            i += 1
        }
        return sum
    }

    /// y ← y + alpha·x over count values.
    @inlinable
    public static func addScaled(_ x: UnsafePointer<Float>, scale alpha: Float, to y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// Scales x[count] in place so its Euclidean norm is 1 (left unchanged when zero).
    public static func normalize(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let norm = dot(x, x, count: count).squareRoot()
        guard norm > 0 else { return }
        let inv = 1 / norm
        for i in 0..<count { x[i] *= inv }
    }
}
