import Foundation
import Hummingbird
import HummingbirdTesting
import QuarryCore
import Server
import Testing

/// The cross-site rule in a real browser (Debian's headless chromium, driven by
/// selenium offline): a page served from another site tries to write into a live
/// server with a script (`fetch`, a no-cors multipart body: no preflight) and with a
/// plain HTML form (a multipart upload of a file the user picked); both are refused
/// and the index holds neither, while a write from a page of the server's own origin
/// is a 201.
@Suite("Cross-site writes in a browser", .serialized)
struct CrossSiteBrowserTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    @Test func aForeignPageCannotWriteAndTheServersOwnPageCan() async throws {
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            let script = PythonTools.fixture("cross_site_browser.py")
            let output = try await Offload.run { try PythonTools.run([script, String(port)]) }
            let result = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
            #expect((result["form_page"] as? String ?? "").contains("cross-site write refused"), "\(result)")
            #expect(result["same_origin_status"] as? Int == 201, "\(result)")
            #expect(try fixture.index.file!.source(path: "api:evil-fetch") == nil)
            #expect(try fixture.index.file!.source(path: "api:evil-form") == nil)
            #expect(try fixture.index.file!.source(path: "api:same-origin") != nil)
        }
    }
}
