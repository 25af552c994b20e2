/// A problem with an index file that the user can act on.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// The index file at fault.
    public var path: String
    /// What is wrong and what to do.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
