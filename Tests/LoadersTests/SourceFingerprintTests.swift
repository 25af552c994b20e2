import Foundation
import Loaders
import Testing

/// A loaded file's fingerprint is the SHA-256 of its bytes as `sha256sum` prints it:
/// indexes written before the fingerprint came from swift-crypto keep skipping
/// unchanged files.
struct SourceFingerprintTests {
    @Test func fixtureFileMatchesSha256sum() throws {
        let source = try DocumentLoader().load(Fixtures.url("sql-droptable.html"))
        #expect(source.sha256 == "89dc8e917eef2f9d841fc789483283b331eb0c14598c3689bc144de4fcdbfbee")
        #expect(source.byteCount == 5452)
    }

    @Test func aTextFileMatchesTheStandardVector() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-abc-\(UUID().uuidString).txt")
        try Data("abc".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let source = try DocumentLoader().load(file)
        #expect(source.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
