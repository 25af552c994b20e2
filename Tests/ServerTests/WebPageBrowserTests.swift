import Foundation
import Generation
import Logging
import Pipeline
import QuarryCore
import Server
import Store
import Testing

/// The web page in a real browser: Debian's headless chromium, driven by selenium
/// (`Fixtures/web_page_check.py`, offline) against the application `quarry serve` runs,
/// on a real socket. Over the shipped PostgreSQL manual it loads the document list,
/// streams SmolLM2's answer in more than one step, opens a citation whose highlighted
/// text is exactly the cited bytes, uploads a file with progress, answers from it,
/// deletes it, shows a refused upload as the API words it, and stays within 320 px and
/// dark mode; with a token the page shows nothing from the index until the token is
/// given. Each state is a PNG in `.build/ui-screenshots/` (the README's picture comes
/// from there).
@Suite("Web page in a browser", .serialized)
struct WebPageBrowserTests {
    static let screenshots = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/ui-screenshots").path

    /// A BM25 index of `Corpora/postgresql-manual` (47 HTML pages) in a fresh folder.
    static func manualIndex() async throws -> QuarryIndex {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpora/postgresql-manual")
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-web-\(UUID().uuidString)/index.quarry")
        _ = try await IngestPipeline(store: try QuarryStore(url: url, create: true), settings: .init()).run(paths: [corpus])
        return try QuarryIndex.open(url)
    }

    /// What the selenium script reports after driving the page served over `index` in `mode`.
    static func drive(
        _ index: QuarryIndex, mode: String, settings: ServerSettings = ServerSettings()
    ) async throws -> [String: Any] {
        let factory = PipelineFactory(index: index, generation: GenerationSettings(maxTokens: 24))
        let app = await QuarryServer.makeApplication(
            factory: factory, defaults: StageChoice(), embedder: nil, host: "127.0.0.1", port: 0,
            settings: settings, logger: Logger(label: "web-page-test")
        )
        let token = settings.authToken.map { [$0] } ?? []
        let data = try await app.test(.live) { client in
            let port = try #require(client.port)
            let arguments = [PythonTools.fixture("web_page_check.py"), "http://127.0.0.1:\(port)", screenshots, mode]
            return try await Offload.run { try PythonTools.run(arguments + token) }
        }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(.timeLimit(.minutes(10))) func askCiteUploadAndDeleteInTheBrowser() async throws {
        let seen = try await Self.drive(try Self.manualIndex(), mode: "ask")
        #expect((seen["documents_summary"] as? String)?.hasPrefix("47 sources") == true, "\(seen)")
        #expect((seen["document_names"] as? [String])?.contains("indexes-partial.html") == true)
        #expect((seen["generators"] as? [String])?.first == "extractive")

        // SmolLM2's tokens reach the page as they are made: a shorter text before a longer one.
        let streamed = try #require(seen["streamed"] as? [String: Any])
        let states = streamed["states"] as? [String] ?? []
        #expect(streamed["error"] as? String == "", "\(streamed)")
        #expect(states.count >= 2 && states.first.map { states[1].hasPrefix($0) } == true, "\(states)")
        #expect((streamed["timings"] as? String)?.contains("generate") == true)

        // The highlighted text of citation [1] is the text of the bytes it cites.
        let passage = try #require(seen["passage"] as? [String: Any])
        let cited = try #require(seen["cited_bytes"] as? [String: Any])
        #expect((seen["cited"] as? [String: Any])?["citations"] as? Int ?? 0 >= 1)
        #expect(passage["highlight"] as? String == cited["text"] as? String, "\(passage) / \(cited)")
        #expect((passage["where"] as? String)?.contains(cited["document"] as? String ?? "?") == true)
        #expect(passage["focused"] as? String == "passage")

        let upload = try #require(seen["upload"] as? [String: Any])
        #expect((upload["status"] as? String)?.hasPrefix("Indexed lighthouse.txt as lighthouse.txt") == true)
        #expect(upload["progress"] as? Double == 100, "upload progress reached the end: \(upload)")
        #expect((upload["summary"] as? String)?.hasPrefix("48 sources") == true)
        #expect(((seen["uploaded_answer"] as? [String: Any])?["answer"] as? String)?.contains("green") == true)
        #expect((seen["uploaded_passage"] as? String)?.hasPrefix("api:lighthouse.txt") == true)
        #expect(((seen["deleted"] as? [String: Any])?["summary"] as? String)?.hasPrefix("47 sources") == true)
        #expect((seen["after_delete_answer"] as? String)?.contains("green") == false)
        // A refusal reads as the API words it (415: the extensions Quarry reads).
        let refused = seen["refused_upload"] as? String ?? ""
        #expect(refused.hasPrefix("cannot read `notes.xyz`: send a file ending in"), "\(refused)")

        #expect(seen["narrow"] as? [Int] == [320, 320], "no sideways scrolling at 320 px")
        #expect(seen["dark_background"] as? String != "rgb(255, 255, 255)")
        #expect(seen["console_errors"] as? [String] == [], "no script errors or policy violations")
        #expect((seen["screenshots"] as? [String])?.count == 8)
    }

    @Test(.timeLimit(.minutes(5))) func withATokenThePageShowsNothingUntilItIsGiven() async throws {
        var settings = ServerSettings()
        settings.authToken = "web-page-token-0123456789"
        let seen = try await Self.drive(try ServerFixture().index, mode: "token", settings: settings)
        let first = try #require(seen["gate_first"] as? [String: Any])
        #expect(first["app_hidden"] as? Bool == true)
        #expect(first["documents"] as? Int == 401)
        let wrong = try #require(seen["gate_wrong"] as? [String: Any])
        #expect(wrong["error"] as? String == "The server refused this token.")
        #expect(wrong["app_hidden"] as? Bool == true)
        let right = try #require(seen["gate_right"] as? [String: Any])
        #expect(right["documents"] as? Int == 2)
        #expect(right["stored"] as? Bool == true)
        #expect(seen["after_reload_gate_hidden"] as? Bool == true)
        #expect(seen["console_errors"] as? [String] == [])
    }
}
