/// A mistake the user can fix: a bad option, a missing file, a malformed dataset.
/// The message names what is at fault and what to do.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
