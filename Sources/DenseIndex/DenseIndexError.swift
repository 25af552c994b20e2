/// A failure of a dense index a caller can cause: each case says what was wrong and
/// what to do about it.
public enum DenseIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A vector's length differs from the index dimension.
    case dimensionMismatch(expected: Int, found: Int, context: String)
    /// A factory string that does not parse.
    case invalidSpec(String, reason: String)
    /// `add` or `search` before `train`.
    case notTrained(spec: String)
    /// Training was given too few vectors.
    case notEnoughTrainingVectors(needed: Int, found: Int, context: String)
    /// A parameters blob that cannot be loaded.
    case invalidParameters(String)
    /// A stored entry that does not fit this index.
    case invalidEntry(id: Int64, reason: String)
    /// A bad argument (k, counts, ids).
    case invalidArgument(String)
    /// A .npy file that cannot be read.
    case invalidNumpyFile(path: String, reason: String)

    public var description: String {
        switch self {
        case let .dimensionMismatch(expected, found, context):
            "\(context): vectors have \(found) dimensions but the index has \(expected); use an embedder with \(expected) dimensions or rebuild the index"
        case let .invalidSpec(spec, reason):
            "index spec '\(spec)': \(reason); use e.g. 'Flat', 'PQ48', 'IVF1024,PQ48' or 'IVF1024,PQ48,Refine(10)'"
        case let .notTrained(spec):
            "index '\(spec)' is not trained; call train with a sample of the collection first"
        case let .notEnoughTrainingVectors(needed, found, context):
            "\(context): training needs at least \(needed) vectors but got \(found); add more data or choose a smaller spec"
        case let .invalidParameters(reason):
            "dense index parameters blob: \(reason); retrain the index (quarry index --retrain)"
        case let .invalidEntry(id, reason):
            "dense index entry for id \(id): \(reason); retrain the index (quarry index --retrain)"
        case let .invalidArgument(reason):
            reason
        case let .invalidNumpyFile(path, reason):
            "\(path): \(reason); expected a 2-D little-endian float32 .npy file"
        }
    }
}
