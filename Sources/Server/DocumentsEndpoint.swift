import Foundation
import Hummingbird
import Pipeline
import QuarryCore

/// `POST /v1/documents` and `DELETE /v1/documents/{id}`: documents pushed into the
/// served index, which answers with them from the next query on.
///
/// A body is JSON `{"text", "title"?, "id"?}` or a `multipart/form-data` upload with
/// the document in a part `file` (its filename's extension picks the loader) and
/// optional text parts `id` and `title`. → 201 `{"id", "chunks"}`; 415 for a file
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
    }

    static func create(
        _ request: Request, context: QuarryRequestContext, ingest: DocumentIngest, metrics: ServerMetrics
    ) async throws -> EditedResponse<Created> {
        let contentType = request.headers[.contentType] ?? ""
        let outcome: DocumentIngest.Outcome
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            var request = request
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            let form = try MultipartForm(body: Data(buffer.readableBytesView), contentType: contentType)
            guard let file = form["file"], let filename = file.filename, !filename.isEmpty else {
                throw QuarryError(.invalidInput, "send the document as a multipart part named `file`, with a filename")
            }
            let id = try form["id"].map { try text($0, field: "id") }
            let title = try form["title"].map { try text($0, field: "title") }
            outcome = try await run { try ingest.add(bytes: file.content, filename: filename, title: title, id: id) }
        } else {
            let body = try await RequestDecoding.decode(JSONBody.self, from: request, context: context)
            outcome = try await run { try ingest.add(text: body.text, title: body.title, id: body.id) }
        }
        metrics.ingest(operation: "write", chunks: outcome.chunks)
        return EditedResponse(status: .created, response: Created(id: outcome.id, chunks: outcome.chunks))
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

    private static func text(_ part: MultipartForm.Part, field: String) throws -> String {
        guard let value = String(data: part.content, encoding: .utf8), value.utf8.count <= 1024 else {
            throw QuarryError(.invalidInput, "multipart field `\(field)` must be UTF-8 text of at most 1024 bytes")
        }
        return value
    }
}
