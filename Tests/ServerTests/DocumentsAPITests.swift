import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// `POST /v1/documents` and `DELETE /v1/documents/{id}` over a real index: a pushed
/// document is answered from by the next query, an id written twice is one document,
/// and what is not a readable document gets the 4xx that says why.
@Suite("Documents API", .serialized)
struct DocumentsAPITests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    /// The documents the answer to `question` retrieves.
    func retrieved(_ question: String, _ client: some TestClientProtocol) async throws -> [String] {
        let box = DocumentsBox()
        try await client.postJSON("/v1/query", #"{"question": "\#(question)", "generator": "none"}"#) { response in
            #expect(response.status == .ok)
            box.documents = (response.json["retrieved"] as? [[String: Any]] ?? []).compactMap { $0["document"] as? String }
        }
        return box.documents
    }

    @Test func aPushedDocumentIsAnsweredReplacedAndDeleted() async throws {
        try await fixture.application().test(.router) { client in
            try await client.postJSON("/v1/documents", #"{"id": "wal-1", "text": "The write-ahead log records every change before the data files.", "title": "WAL"}"#) { response in
                #expect(response.status == .created)
                #expect(response.json["id"] as? String == "wal-1")
                #expect((response.json["chunks"] as? Int ?? 0) >= 1)
                // The chunking models' warnings about this document (none for a sentence chunker).
                #expect(response.json["warnings"] as? [String] == [])
            }
            #expect(try await retrieved("write-ahead log", client).contains("api:wal-1"))
            // The same id again replaces: one source, the new text answers, the old does not.
            try await client.postJSON("/v1/documents", #"{"id": "wal-1", "text": "Checkpoints flush dirty buffers to disk."}"#) { response in
                #expect(response.status == .created)
            }
            #expect(try fixture.index.file!.sources().filter { $0.path == "api:wal-1" }.count == 1)
            #expect(try await retrieved("checkpoints flush dirty buffers", client).first == "api:wal-1")
            #expect(try await !retrieved("write-ahead log", client).contains("api:wal-1"))

            try await client.execute(uri: "/v1/documents/wal-1", method: .delete) { response in
                #expect(response.status == .noContent)
            }
            #expect(try await !retrieved("checkpoints flush dirty buffers", client).contains("api:wal-1"))
            try await client.execute(uri: "/v1/documents/wal-1", method: .delete) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aDocumentWithoutAnIDGetsOne() async throws {
        try await fixture.application().test(.router) { client in
            try await client.postJSON("/v1/documents", #"{"text": "Hash joins build a table over the smaller input."}"#) { response in
                #expect(response.status == .created)
                #expect((response.json["id"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func multipartUploadsGoThroughTheLoaders() async throws {
        @Sendable func form(_ filename: String, _ content: [UInt8], id: String? = nil) -> (HTTPFields, ByteBuffer) {
            var body = Data()
            if let id {
                body.append(Data("--XyZ\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n\(id)\r\n".utf8))
            }
            body.append(Data("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n".utf8))
            body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(Data(content))
            body.append(Data("\r\n--XyZ--\r\n".utf8))
            return ([.contentType: "multipart/form-data; boundary=XyZ"], ByteBuffer(bytes: body))
        }
        try await fixture.application().test(.router) { client in
            let (headers, body) = form("notes.md", Array("# Bloom filters\n\nA bloom filter answers set membership with false positives.".utf8), id: "bloom")
            try await client.execute(uri: "/v1/documents", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .created)
                #expect(response.json["id"] as? String == "bloom")
            }
            #expect(try await retrieved("bloom filter membership", client).first == "api:bloom")
            // An extension no loader reads: 415.
            let (exeHeaders, exe) = form("tool.exe", [0x4D, 0x5A, 0x90, 0x00])
            try await client.execute(uri: "/v1/documents", method: .post, headers: exeHeaders, body: exe) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            // A readable type whose bytes are not: 422.
            let (binaryHeaders, binary) = form("broken.txt", [0xFF, 0xFE, 0x00, 0x01, 0xC3])
            try await client.execute(uri: "/v1/documents", method: .post, headers: binaryHeaders, body: binary) { response in
                #expect(response.status == .unprocessableContent)
            }
            // No `file` part: 400.
            let missing = ByteBuffer(string: "--XyZ\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nx\r\n--XyZ--\r\n")
            try await client.execute(uri: "/v1/documents", method: .post, headers: headers, body: missing) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    /// Multipart bodies a hostile client might send are 400s, never a crash: MultipartKit's
    /// parser traps on an empty boundary, so the boundary is checked before it runs.
    @Test func malformedMultipartBodiesAre400() async throws {
        let file = "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello world\r\n"
        let cases: [(contentType: String, body: String)] = [
            ("multipart/form-data; boundary=", "--\r\n\(file)----\r\n"),
            ("multipart/form-data; boundary=\"\"", "--\r\n\(file)----\r\n"),
            ("multipart/form-data", "--XyZ\r\n\(file)--XyZ--\r\n"),
            ("multipart/form-data; boundary=XyZ", "no boundary anywhere in here"),
            ("multipart/form-data; boundary=XyZ", "--XyZ\r\nno headers, no blank line"),
            // A nested field where the file should be.
            ("multipart/form-data; boundary=XyZ",
             "--XyZ\r\nContent-Disposition: form-data; name=\"file[a]\"; filename=\"a.txt\"\r\n\r\nx\r\n--XyZ--\r\n"),
            // A file part without a filename.
            ("multipart/form-data; boundary=XyZ",
             "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--XyZ--\r\n"),
        ]
        try await fixture.application().test(.router) { client in
            for (contentType, body) in cases {
                let headers: HTTPFields = [.contentType: contentType]
                try await client.execute(
                    uri: "/v1/documents", method: .post, headers: headers, body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(contentType) with \(body.debugDescription)")
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func badDocumentRequestsAre4xx() async throws {
        try await fixture.application().test(.router) { client in
            try await client.postJSON("/v1/documents", #"{"id": "../etc/passwd", "text": "x y z"}"#) { response in
                #expect(response.status == .badRequest)
            }
            try await client.postJSON("/v1/documents", #"{"text": ""}"#) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.postJSON("/v1/documents", #"{"title": "no text"}"#) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/v1/documents", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "hello")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }
}

/// Carries a value out of a response check.
final class DocumentsBox: @unchecked Sendable {
    var documents: [String] = []
}
