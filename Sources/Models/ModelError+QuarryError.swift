import QuarryCore

/// A model file that is missing or unusable leaves the service without a part it
/// needs: exit 1 with what to install, HTTP 503.
extension ModelError: QuarryErrorConvertible {
    public var quarryError: QuarryError { QuarryError(.unavailable, message) }
}
