import QuarryCore

/// A file that cannot be loaded is the user's to fix: exit 1, HTTP 400.
extension LoaderError: QuarryErrorConvertible {
    public var quarryError: QuarryError { QuarryError(.invalidInput, description) }
}
