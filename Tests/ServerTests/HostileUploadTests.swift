import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// Uploads built to hurt (issue 26), made on the fly: a page of a million nested `<div>`s
/// is a 422 saying why, and a 4 MB text on one line is indexed in chunks of the target.
@Suite("Hostile uploads", .serialized)
struct HostileUploadTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    /// A multipart body with one file part.
    private func form(_ filename: String, _ content: Data) -> (HTTPFields, ByteBuffer) {
        var body = Data("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n".utf8)
        body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(content)
        body.append(Data("\r\n--XyZ--\r\n".utf8))
        return ([.contentType: "multipart/form-data; boundary=XyZ"], ByteBuffer(bytes: body))
    }

    @Test func aMillionDeepPageIs422SayingWhy() async throws {
        let depth = 1_000_000
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + "Deep text."
            + String(repeating: "</div>", count: depth) + "</body></html>"
        let (headers, body) = form("deep.html", Data(html.utf8))
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/documents", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("more than 256 levels deep"))
            }
        }
    }

    @Test func aFourMegabyteLineIsIndexedInChunksOfTheTarget() async throws {
        let words = "lorem ipsum dolor sit amet consectetur adipiscing elit "
        let text = String(repeating: words, count: (4 << 20) / words.utf8.count)
        let (headers, body) = form("line.txt", Data(text.utf8))
        // Seconds in release; a debug build on a loaded machine needs more than the default 60.
        var settings = ServerSettings()
        settings.ingestTimeout = .seconds(600)
        try await fixture.application(settings).test(.router) { client in
            try await client.execute(uri: "/v1/documents", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                // 200-token chunks of 4-token… words: tens of thousands, not one per word.
                let chunks = response.json["chunks"] as? Int ?? 0
                #expect((3_000...30_000).contains(chunks), "\(chunks) chunks")
            }
        }
    }
}
