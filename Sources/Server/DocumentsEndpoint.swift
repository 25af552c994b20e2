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
/// `.txt`, a broken PDF, no text at all). A write stops, having written nothing, when
/// its client leaves, when the server shuts down, or after the ingest deadline (503).
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
        _ request: Request, context: QuarryRequestContext, ingest: DocumentIngest, timeout: Duration,
        metrics: ServerMetrics
    ) async throws -> EditedResponse<Created> {
        let contentType = request.headers[.contentType] ?? ""
        let stop = CancellationSignal(timeLimit: timeout, setting: "--ingest-timeout, QUARRY_INGEST_TIMEOUT")
        let departure = await context.clientDeparture()
        let key = departure?.onDeparture { stop.cancel("the client closed its connection") }
        defer { if let key { departure?.remove(key) } }
        let outcome: DocumentIngest.Outcome
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            var request = request
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            let upload = try DocumentUpload(body: buffer, contentType: contentType)
            outcome = try await run(stopping: stop) {
                try await ingest.add(
                    bytes: upload.content, filename: upload.filename, title: upload.title, id: upload.id, stop: stop
                )
            }
        } else {
            let body = try await RequestDecoding.decode(JSONBody.self, from: request, context: context)
            outcome = try await run(stopping: stop) {
                try await ingest.add(text: body.text, title: body.title, id: body.id, stop: stop)
            }
        }
        metrics.ingest(operation: "write", chunks: outcome.chunks)
        let created = Created(id: outcome.id, chunks: outcome.chunks, warnings: outcome.warnings)
        return EditedResponse(status: .created, response: created)
    }

    static func delete(id: String, ingest: DocumentIngest, metrics: ServerMetrics) async throws -> HTTPResponse.Status {
        guard try await run({ try await ingest.remove(id: id) }) else {
            throw QuarryError(.notFound, "no document `\(id)` was pushed to this index")
        }
        metrics.ingest(operation: "delete", chunks: 0)
        return .noContent
    }

    /// Runs an ingest step (which keeps off the cooperative pool itself); an unreadable
    /// document is a 422. Cancelling the calling task (the server shutting down) fires `stop`.
    private static func run<T: Sendable>(
        stopping stop: CancellationSignal? = nil, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        do {
            return try await withTaskCancellationHandler {
                try await work()
            } onCancel: {
                stop?.cancel("the server is shutting down; send the document again once it is back")
            }
        } catch let error as DocumentIngest.Unreadable {
            throw HTTPError(.unprocessableContent, message: error.message)
        }
    }
}
