import Foundation
import Hummingbird
import Pipeline
import QuarryCore
import Store

/// `GET /v1/documents?offset=&limit=`: the index's sources ordered by path, each with
/// its document and chunk counts, the total, and the index generation they were read
/// at. A document pushed through `/v1/documents` carries the `id` that deletes it.
enum DocumentListEndpoint {
    /// The most sources one request may list.
    static let maxLimit = 1000
    static let defaultLimit = 200

    struct Listing: ResponseEncodable {
        struct Source: Encodable {
            var path: String
            var id: String?
            var format: String
            var bytes: Int
            var documents: Int
            var chunks: Int
            var indexedAt: Double

            enum CodingKeys: String, CodingKey {
                case path, id, format, bytes, documents, chunks, indexedAt = "indexed_at"
            }
        }

        var generation: Int64
        var total: Int
        var offset: Int
        var sources: [Source]
    }

    static func list(_ request: Request, store: any IndexStore, paths: DocumentPathDisplay) async throws -> Listing {
        let query = QueryParameters(request: request)
        let offset = try query.int("offset", in: 0...Int(Int32.max)) ?? 0
        let limit = try query.int("limit", in: 1...maxLimit) ?? defaultLimit
        let list = try await store.sourceList(offset: offset, limit: limit)
        return Listing(
            generation: list.generation, total: list.total, offset: offset,
            sources: list.sources.map { source in
                let pushed = source.path.hasPrefix(DocumentIngest.pathPrefix)
                return .init(
                    path: paths.show(source.path),
                    id: pushed ? String(source.path.dropFirst(DocumentIngest.pathPrefix.count)) : nil,
                    format: source.format, bytes: source.bytes, documents: source.documents, chunks: source.chunks,
                    indexedAt: source.indexedAt
                )
            }
        )
    }
}
