/// A file that cannot be loaded, naming the file and saying what to do.
public struct LoaderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file or folder at fault, as given or found.
    public var path: String
    /// What is wrong with it and what to do about it.
    public var reason: String

    /// Creates an error for `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// "path: reason", ready to print.
    public var description: String { "\(path): \(reason)" }
}
