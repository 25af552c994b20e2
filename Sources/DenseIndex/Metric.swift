import Kernels

/// How closeness between two vectors is measured. Cosine similarity is inner product
/// on L2-normalised vectors (see `VectorMatrix.normalized()`).
public enum Metric: String, Sendable, Hashable, CaseIterable {
    /// ⟨a, b⟩: larger is closer.
    case innerProduct = "ip"
    /// ‖a − b‖²: smaller is closer.
    case l2

    /// The score reported for a cost used internally, where smaller always means closer.
    func score(fromCost cost: Float) -> Float {
        self == .innerProduct ? -cost : cost
    }

    /// The exact cost (smaller is closer) between `a` and `b`, both `dimension` long.
    func cost(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Float {
        switch self {
        case .innerProduct: -VectorMath.dot(a, b, count: dimension)
        case .l2: VectorMath.squaredDistance(a, b, count: dimension)
        }
    }
}
