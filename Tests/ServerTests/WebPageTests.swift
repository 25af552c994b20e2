import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// The web page's routes through the router: its three files come from the binary with
/// a Content-Security-Policy that allows no inline code and nothing from elsewhere, open
/// without the token while every data route stays guarded; `--no-ui` removes them; the
/// document list counts what the index holds; the passage route splits out exactly the
/// cited bytes and refuses chunks of other documents and ranges outside the chunk.
@Suite("Web page routes", .serialized)
struct WebPageTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    @Test func thePageAndItsFilesAreServedUnderAStrictPolicy() async throws {
        try await fixture.application().test(.router) { client in
            for (uri, type) in [("/", "text/html"), ("/ui/page.css", "text/css"), ("/ui/page.js", "text/javascript")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(uri)")
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"))
                    #expect(!policy.contains("unsafe-inline") && !policy.contains("http"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
            }
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<script src="/ui/page.js" defer></script>"#))
                // No inline script, style or event handler that the policy would block.
                #expect(html.components(separatedBy: "<script").count == 2)
                #expect(!html.contains("<style") && !html.contains(" style=") && !html.contains(" onclick="))
                #expect(!html.contains("http://") && !html.contains("https://"))
            }
        }
    }

    @Test func noUIRemovesThePageAndLeavesTheAPI() async throws {
        var settings = ServerSettings()
        settings.webPage = false
        try await fixture.application(settings).test(.router) { client in
            for uri in ["/", "/ui/page.js", "/ui/page.css"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
            try await client.execute(uri: "/v1/documents", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func withATokenThePageLoadsButItsDataNeedsTheToken() async throws {
        var settings = ServerSettings()
        settings.authToken = "0123456789abcdef-secret"
        try await fixture.application(settings).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
            }
            for uri in ["/v1/documents", "/v1/models", "/v1/passage?document=indexes.txt&chunk_id=1"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                }
                try await client.execute(
                    uri: uri, method: .get, headers: [.authorization: "Bearer 0123456789abcdef-secret"]
                ) { response in
                    #expect(response.status != .unauthorized, "\(uri)")
                }
            }
        }
    }

    @Test func theDocumentListCountsSourcesAndNamesPushedIDs() async throws {
        try await fixture.application().test(.router) { client in
            try await client.postJSON("/v1/documents", #"{"id": "wal", "text": "The log is written first."}"#) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/v1/documents", method: .get) { response in
                let list = response.json
                #expect(list["total"] as? Int == 3)
                #expect((list["generation"] as? Int ?? 0) > 1)
                let sources = list["sources"] as? [[String: Any]] ?? []
                // Ordered by the stored path: the files' absolute paths before `api:` ids.
                #expect(sources.map { $0["path"] as? String } == ["indexes.txt", "vacuum.txt", "api:wal"])
                #expect(sources.map { $0["id"] as? String } == [nil, nil, "wal"])
                #expect(sources.allSatisfy { $0["documents"] as? Int == 1 && $0["chunks"] as? Int == 1 })
            }
            try await client.execute(uri: "/v1/documents?offset=1&limit=1", method: .get) { response in
                let sources = response.json["sources"] as? [[String: Any]] ?? []
                #expect(sources.map { $0["path"] as? String } == ["vacuum.txt"])
            }
            for bad in ["limit=0", "limit=1001", "offset=-1", "limit=ten"] {
                try await client.execute(uri: "/v1/documents?\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    #expect(String(buffer: response.body).contains("query parameter"), "\(bad)")
                }
            }
        }
    }

    @Test func thePassageSplitsOutExactlyTheCitedBytes() async throws {
        try await fixture.application().test(.router) { client in
            let citation = try await Self.firstCitation(client, question: "What does VACUUM reclaim?")
            let document = try #require(citation["document"] as? String)
            let chunk = try #require(citation["chunk_id"] as? Int)
            let start = try #require(citation["byte_start"] as? Int)
            let end = try #require(citation["byte_end"] as? Int)
            let query = "document=\(document)&chunk_id=\(chunk)"
            let passage = try await client.execute(
                uri: "/v1/passage?\(query)&byte_start=\(start)&byte_end=\(end)", method: .get
            )
            #expect(passage.status == .ok)
            #expect(passage.json["highlight"] as? String == citation["text"] as? String)
            let parts = ["before", "highlight", "after"].compactMap { passage.json[$0] as? String }
            #expect(parts.joined() == passage.json["text"] as? String)
            let refused: [(String, HTTPResponse.Status)] = [
                ("document=indexes.txt&chunk_id=\(chunk)", .notFound),
                ("document=\(document)&chunk_id=999999", .notFound),
                ("document=\(document)", .badRequest),
                ("chunk_id=\(chunk)", .badRequest),
                ("\(query)&byte_start=\(start)", .badRequest),
                ("\(query)&byte_start=\(end)&byte_end=\(start)", .badRequest),
                ("\(query)&byte_start=\(start)&byte_end=\(end + 1000)", .badRequest),
                ("document=../../etc/passwd&chunk_id=\(chunk)", .notFound),
            ]
            for (query, status) in refused {
                try await client.execute(uri: "/v1/passage?\(query)", method: .get) { response in
                    #expect(response.status == status, "\(query)")
                }
            }
        }
    }

    @Test func aRangeInsideACharacterIsRefused() async throws {
        try await fixture.application().test(.router) { client in
            try await client.postJSON("/v1/documents", #"{"id": "cafe", "text": "Café crème is served hot."}"#) {
                #expect($0.status == .created)
            }
            let citation = try await Self.firstCitation(client, question: "Which café crème is served hot?")
            #expect(citation["document"] as? String == "api:cafe")
            let chunk = try #require(citation["chunk_id"] as? Int)
            let passage = "/v1/passage?document=api:cafe&chunk_id=\(chunk)"
            // Bytes 3 and 4 are é: 4 lies inside it.
            try await client.execute(uri: "\(passage)&byte_start=4&byte_end=8", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("UTF-8 character"))
            }
            try await client.execute(uri: "\(passage)&byte_start=3&byte_end=5", method: .get) { response in
                #expect(response.json["highlight"] as? String == "é")
            }
        }
    }

    /// The first citation of the extractive answer to `question`.
    static func firstCitation(_ client: some TestClientProtocol, question: String) async throws -> [String: Any] {
        let body = #"{"question": "\#(question)", "generator": "extractive", "compression": "off"}"#
        let response = try await client.execute(
            uri: "/v1/query", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)
        )
        return try #require((response.json["citations"] as? [[String: Any]])?.first)
    }
}
