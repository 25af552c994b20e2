import QuarryCore
import Embedding
import Foundation
import SparseIndex
import Store

/// The settings an index file was built with, kept in its `meta` table so queries
/// analyse and score text the way indexing did.
enum IndexMetadata {
    /// Names the analyzer; a future change of tokenizing or stemming bumps it.
    static let analyzer = "unicode-words2+cjk-bigrams+width-fold+lowercase+en33stop+snowball-english"

    /// Records `settings` as the index's current settings. What is already recorded is
    /// not written again, so a re-run over unchanged files writes nothing (no new
    /// generation for other nodes to catch up on).
    static func record(_ settings: IndexSettings, in store: any IndexStore) async throws {
        let (existing, recorded) = try await store.withSnapshot { snapshot in
            (try await snapshot.meta("analyzer"), try await snapshot.meta(settingsKey))
        }
        if let existing, existing != analyzer {
            throw QuarryError(
                .conflict,
                "\(store.location) was built with analyzer \(existing); this Quarry uses \(analyzer). "
                    + "Index into a new --index file or database"
            )
        }
        if existing == nil { try await store.setMeta("analyzer", analyzer) }
        if recorded.flatMap({ try? JSONDecoder().decode(IndexSettings.self, from: Data($0.utf8)) }) != settings {
            let data = try JSONEncoder().encode(settings)
            try await store.setMeta(settingsKey, String(decoding: data, as: UTF8.self))
        }
    }

    /// The `meta` key naming the embedding model of the index's vectors.
    static let embedderKey = "embedder"

    /// How an embedder is named in the index: model and width.
    static func embedderName(_ embedder: any Embedder) -> String {
        "\(embedder.modelName) (\(embedder.dimensions) dimensions)"
    }

    /// Records the embedder of an ingest run, refusing to mix models or to add chunks
    /// without vectors to an index that has them.
    static func record(embedder: (any Embedder)?, in store: any IndexStore) async throws {
        let existing = try await meta(embedderKey, of: store)
        let holdsVectors = { try await store.withSnapshot { try await $0.vectorCount() } > 0 }
        guard let embedder else {
            if let existing, try await holdsVectors() {
                throw QuarryError(
                    .conflict,
                    "\(store.location) holds embeddings from \(existing); index with --embedder local, "
                        + "or into a new --index file or database"
                )
            }
            return
        }
        let name = embedderName(embedder)
        if let existing, existing != name, try await holdsVectors() {
            throw QuarryError(
                .conflict,
                "\(store.location) holds embeddings from \(existing), not \(name); index into a new --index file or database"
            )
        }
        if existing != name { try await store.setMeta(embedderKey, name) }
    }

    /// The value under `key` in `store`'s metadata.
    private static func meta(_ key: String, of store: any IndexStore) async throws -> String? {
        try await store.withSnapshot { try await $0.meta(key) }
    }

    /// The metadata key the index's settings are stored under, as JSON.
    static let settingsKey = "settings"

    /// The settings the index was last built with (defaults for an empty index).
    static func settings(of store: QuarryStore) throws -> IndexSettings {
        try settings(json: try store.meta(settingsKey))
    }

    /// The settings stored as `json` (defaults when nil: an empty index).
    static func settings(json: String?) throws -> IndexSettings {
        guard let json else { return IndexSettings() }
        return try JSONDecoder().decode(IndexSettings.self, from: Data(json.utf8))
    }
}
