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
}
