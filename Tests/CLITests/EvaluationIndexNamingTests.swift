import Foundation
import Testing

/// Guards that `quarry eval` keeps one evaluation index per dataset folder, not per folder
/// name: main named the index `eval-NAME-…` after the folder's last component, so a second
/// dataset called `scifact` in another folder was added to the first one's index, and its
/// queries were ranked over both corpora.
@Suite("eval: one evaluation index per dataset folder")
struct EvaluationIndexNamingTests {
    @Test func twoDatasetsWithOneFolderNameKeepTwoIndexes() throws {
        let quarry = try QuarryBinary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-evalname-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // The same query in both sets; each set's relevant document exists only in its own corpus.
        for (parent, topic) in [("a", "glaciers retreat in warm summers"), ("b", "volcanoes erupt basaltic lava")] {
            let folder = directory.appendingPathComponent("\(parent)/set")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("qrels"), withIntermediateDirectories: true)
            try Data("""
                {"_id": "\(parent)1", "title": "", "text": "Observations show that \(topic) across the region."}
                {"_id": "\(parent)2", "title": "", "text": "An unrelated note about \(parent == "a" ? "pottery" : "sailing") and its history."}

                """.utf8).write(to: folder.appendingPathComponent("corpus.jsonl"))
            try Data("{\"_id\": \"q1\", \"text\": \"\(topic)\"}\n".utf8).write(to: folder.appendingPathComponent("queries.jsonl"))
            try Data("query-id\tcorpus-id\tscore\nq1\t\(parent)1\t1\n".utf8)
                .write(to: folder.appendingPathComponent("qrels/test.tsv"))
        }
        for parent in ["a", "b"] {
            let run = try quarry.run(
                ["eval", "retrieval", "\(parent)/set", "--retriever", "bm25", "--index", "x.quarry", "--json"], in: directory
            )
            try #require(run.status == 0, "\(run.stderr)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("eval-set-") && $0.hasSuffix(".quarry") }
        #expect(files.count == 2, "one evaluation index per dataset folder, found \(files)")
        for file in files {
            let status = try quarry.run(["status", "--index", file, "--json"], in: directory)
            try #require(status.status == 0, "\(status.stderr)")
            let json = try #require(status.json, "\(status.stdout)")
            #expect(json["documents"] as? Int == 2, "each index holds its own corpus only: \(status.stdout)")
        }
    }
}
