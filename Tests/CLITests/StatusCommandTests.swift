import Foundation
import Testing

/// `quarry status` answers without an index: a script can ask which BLAS core and kernel
/// paths this machine runs before building one, and is told there is no index (exit 0),
/// while a file that is there but is no index is still refused.
@Suite("status without an index")
struct StatusCommandTests {
    let quarry: QuarryBinary
    let directory: URL

    init() throws {
        quarry = try QuarryBinary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    @Test func theMachinePartIsReportedWithoutAnIndex() throws {
        let json = try quarry.run(["status", "--index", "none.quarry", "--json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(json.json, "not JSON: \(json.stdout)")
        #expect(report["index_exists"] as? Bool == false)
        #expect(report["chunks"] == nil, "no counts are made up for a missing index")
        let blas = try #require(report["blas"] as? [String: Any])
        #expect((blas["core"] as? String)?.isEmpty == false)
        let kernels = try #require(report["kernels"] as? [String: Any])
        #expect((kernels["quantized_supported"] as? [String])?.contains("scalar") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("none.quarry").path),
                "asking does not create an index")

        let text = try quarry.run(["status", "--index", "none.quarry"], in: directory)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("no index here"), "\(text.stdout)")
        #expect(text.stdout.contains("BLAS core"), "\(text.stdout)")
    }

    @Test func aFileThatIsNoIndexIsStillAnError() throws {
        try Data("not a database".utf8).write(to: directory.appendingPathComponent("junk.quarry"))
        let outcome = try quarry.run(["status", "--index", "junk.quarry", "--json"], in: directory)
        #expect(outcome.status == 1, "\(outcome.stdout) \(outcome.stderr)")
    }
}
