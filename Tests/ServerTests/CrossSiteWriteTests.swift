import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// The cross-site rule (issue 26): a write a browser sends for another site (by `Origin`
/// or `Sec-Fetch-Site`) is a 403 that says what to do, a multipart upload included (it
/// needs no CORS preflight); the server's own origin, an origin listed with
/// `--allowed-origins` or the `--cors-origin` one, and a program that sends neither
/// header (curl) still write; reads stay open to any origin.
@Suite("Cross-site writes", .serialized)
struct CrossSiteWriteTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    /// A multipart upload of `id` with `headers`, as a browser form or `curl -F` sends it.
    static func upload(
        _ id: String, headers: HTTPFields, _ client: some TestClientProtocol
    ) async throws -> (status: HTTPResponse.Status, body: String) {
        let boundary = "quarry-test-boundary"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n\(id)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"poison.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nThe planted answer is forty-two.\r\n--\(boundary)--\r\n"
        var fields = headers
        fields[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await client.execute(
            uri: "/v1/documents", method: .post, headers: fields, body: ByteBuffer(string: body)
        ) { response in
            (response.status, String(buffer: response.body))
        }
    }

    @Test func writesFromAnotherSiteAre403AndNothingIsWritten() async throws {
        try await fixture.application().test(.router) { client in
            let refused: [HTTPFields] = [
                [.origin: "http://evil.example"],
                [.origin: "null"],
                [.origin: "http://localhost:9999"],
                [.origin: "https://localhost"],
                [secFetchSite: "cross-site"],
                [secFetchSite: "same-site", .origin: "http://localhost"],
            ]
            for headers in refused {
                let (status, body) = try await Self.upload("poisoned", headers: headers, client)
                #expect(status == .forbidden, "\(headers)")
                #expect(body.contains("--allowed-origins"), "\(body)")
            }
            try await client.execute(
                uri: "/v1/documents/anything", method: .delete, headers: [.origin: "http://evil.example"]
            ) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try fixture.index.file!.source(path: "api:poisoned") == nil)
        }
    }

    @Test func sameOriginAllowedOriginsAndPlainClientsWrite() async throws {
        var settings = ServerSettings()
        settings.allowedOrigins = ["https://app.example"]
        settings.corsOrigin = "http://docs.example:8000"
        try await fixture.application(settings).test(.router) { client in
            let accepted: [HTTPFields] = [
                [:],
                [.origin: "http://localhost", secFetchSite: "same-origin"],
                [.origin: "http://LOCALHOST:80/"],
                [secFetchSite: "none"],
                [.origin: "https://app.example:443", secFetchSite: "cross-site"],
                [.origin: "http://docs.example:8000"],
            ]
            for (number, headers) in accepted.enumerated() {
                let (status, body) = try await Self.upload("ok-\(number)", headers: headers, client)
                #expect(status == .created, "\(headers): \(body)")
            }
            // Reads are not writes: a foreign page may still query (CORS decides whether it reads the answer).
            try await client.execute(uri: "/healthz", method: .get, headers: [.origin: "http://evil.example"]) {
                #expect($0.status == .ok)
            }
        }
    }
}

private let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
