import Foundation
import GRDB

/// A file that is in the index.
public struct SourceRecord: Codable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    public var path: String
    public var format: String
    public var sha256: String
    public var bytes: Int
    public var modified: Double
    public var settings: String
    public var indexedAt: Double

    enum CodingKeys: String, CodingKey {
        case id, path, format, sha256, bytes, modified, settings
        case indexedAt = "indexed_at"
    }

    public init(
        id: Int64, path: String, format: String, sha256: String, bytes: Int, modified: Double, settings: String,
        indexedAt: Double
    ) {
        self.id = id
        self.path = path
        self.format = format
        self.sha256 = sha256
        self.bytes = bytes
        self.modified = modified
        self.settings = settings
        self.indexedAt = indexedAt
    }
}
