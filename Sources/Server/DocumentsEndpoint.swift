import Foundation
import Hummingbird
import Pipeline
import QuarryCore

/// `POST /v1/documents` and `DELETE /v1/documents/{id}`: documents pushed into the
/// served index, which answers with them from the next query on.
///
/// A body is JSON `{"text", "title"?, "id"?}` or a `multipart/form-data` upload with
/// the document in a part `file` (its filename's extension picks the loader) and
/// optional text parts `id` and `title`. → 201 `{"id", "chunks", "warnings"}` (what
/// the chunking models said about this document, usually nothing); 415 for a file
/// type Quarry cannot read; 422 for a readable type whose content is not (binary in a
/// `.txt`, a broken PDF, no text at all).
enum DocumentsEndpoint {
    struct JSONBody: Decodable {
        var text: String
        var title: String?
        var id: String?
    }

    struct Created: ResponseEncodable {
        var id: String
        var chunks: Int
        var warnings: [String]
    }

    static func create(
        _ request: Request, context: QuarryRequestContext, ingest: DocumentIngest, metrics: ServerMetrics
    ) async throws -> EditedResponse<Created> {
        let contentType = request.headers[.contentType] ?? ""
        let outcome: DocumentIngest.Outcome
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            var request = request
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            let upload = try DocumentUpload(body: buffer, contentType: contentType)
            outcome = try await run {
                try ingest.add(bytes: upload.content, filename: upload.filename, title: upload.title, id: upload.id)
            }
        } else {
            let body = try await RequestDecoding.decode(JSONBody.self, from: request, context: context)
            outcome = try await run { try ingest.add(text: body.text, title: body.title, id: body.id) }
        }
        metrics.ingest(operation: "write", chunks: outcome.chunks)
        let created = Created(id: outcome.id, chunks: outcome.chunks, warnings: outcome.warnings)
        return EditedResponse(status: .created, response: created)
    }

    static func delete(id: String, ingest: DocumentIngest, metrics: ServerMetrics) async throws -> HTTPResponse.Status {
        guard try await run({ try ingest.remove(id: id) }) else {
            throw QuarryError(.notFound, "no document `\(id)` was pushed to this index")
        }
        metrics.ingest(operation: "delete", chunks: 0)
        return .noContent
    }

    /// Runs an ingest step off the cooperative pool; an unreadable document is a 422.
    private static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await Offload.run(work)
        } catch let error as DocumentIngest.Unreadable {
            throw HTTPError(.unprocessableContent, message: error.message)
        }
    }
}
