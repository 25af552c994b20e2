import QuarryCore

/// Bad arguments and specs are the user's to fix; stored parameters or entries that do
/// not load mean a damaged index.
extension DenseIndexError: QuarryErrorConvertible {
    public var quarryError: QuarryError {
        switch self {
        case .invalidParameters, .invalidEntry: QuarryError(.internal, description)
        default: QuarryError(.invalidInput, description)
        }
    }
}
