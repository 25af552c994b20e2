import QuarryCore

/// An embedding server that is down, refuses or answers garbage is a backend's
/// failure: exit 1 with the server's message, HTTP 502.
extension OpenAIEmbedderError: QuarryErrorConvertible {
    public var quarryError: QuarryError { QuarryError(.upstream, description) }
}
