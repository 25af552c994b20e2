import Foundation

/// What identifies a file's content for change detection, without its documents
/// (``DocumentLoader/fingerprint(_:)``).
public struct FileFingerprint: Sendable, Equatable {
    /// The format its extension selects.
    public var format: DocumentFormat
    /// Lowercase hex SHA-256 of the raw bytes, as `sha256sum` prints it.
    public var sha256: String
    /// Size in bytes.
    public var byteCount: Int
    /// The modification time.
    public var modified: Date
}
