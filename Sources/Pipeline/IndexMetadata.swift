import Foundation
import SparseIndex
import Store

/// The settings an index file was built with, kept in its `meta` table so queries
/// analyse and score text the way indexing did.
enum IndexMetadata {
    /// Names the analyzer; a future change of tokenizing or stemming bumps it.
    static let analyzer = "unicode-words2+lowercase+en33stop+snowball-english"

    /// Records `settings` as the index's current settings.
    static func record(_ settings: IndexSettings, in store: QuarryStore) throws {
        if let existing = try store.meta("analyzer"), existing != analyzer {
            throw PipelineError(
                "\(store.url.path) was built with analyzer \(existing); this Quarry uses \(analyzer). "
                    + "Index into a new --index file"
            )
        }
        try store.setMeta("analyzer", analyzer)
        let data = try JSONEncoder().encode(settings)
        try store.setMeta("settings", String(decoding: data, as: UTF8.self))
    }

    /// The settings the index was last built with (defaults for an empty index).
    static func settings(of store: QuarryStore) throws -> IndexSettings {
        guard let json = try store.meta("settings") else { return IndexSettings() }
        return try JSONDecoder().decode(IndexSettings.self, from: Data(json.utf8))
    }
}
