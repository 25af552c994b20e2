import Foundation

/// One file on disk after loading: its identity for change detection, and its documents.
public struct LoadedSource: Sendable {
    /// Where the file was read from.
    public var path: FileSystemPath
    /// The format it was read as.
    public var format: DocumentFormat
    /// Lowercase hex SHA-256 of the raw file bytes, as `sha256sum` prints it.
    public var sha256: String
    /// Size of the raw file in bytes.
    public var byteCount: Int
    /// The file's modification time.
    public var modified: Date
    /// The documents extracted from the file, in file order (at least one).
    public var documents: [LoadedDocument]

    /// Creates a loaded source.
    public init(
        path: FileSystemPath, format: DocumentFormat, sha256: String, byteCount: Int, modified: Date,
        documents: [LoadedDocument]
    ) {
        self.path = path
        self.format = format
        self.sha256 = sha256
        self.byteCount = byteCount
        self.modified = modified
        self.documents = documents
    }
}
