import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `quarry index` on files built to hurt (issue 26), made on the fly: a page of a million
/// nested `<div>`s and a 50 MB text on one line (which once took 1.27 GB) are reported and
/// skipped with the reason, and a 4 MB one-line text is indexed in bounded memory.
@Suite("Hostile files through quarry index", .serialized)
struct HostileFilesCLITests {
    @Test func deepHTMLAndAFiftyMegabyteLineAreSkippedSayingWhyAndAShorterLineIsIndexed() throws {
        let quarry = try QuarryBinary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-hostile-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let depth = 1_000_000
        try Data(("<html><body>" + String(repeating: "<div>", count: depth) + "Deep text."
            + String(repeating: "</div>", count: depth) + "</body></html>").utf8)
            .write(to: docs.appendingPathComponent("deep.html"))
        let words = "lorem ipsum dolor sit amet consectetur adipiscing elit "
        for (name, bytes) in [("long.txt", 50 << 20), ("line.txt", 4 << 20)] {
            try Data(String(repeating: words, count: bytes / words.utf8.count).utf8)
                .write(to: docs.appendingPathComponent(name))
        }

        let started = ContinuousClock.now
        let outcome = try quarry.run(["index", "docs", "--index", "index.quarry", "--embedder", "none"], in: root)
        let elapsed = ContinuousClock.now - started
        var usage = rusage()
        getrusage(Int32(RUSAGE_CHILDREN.rawValue), &usage)
        let peak = usage.ru_maxrss * 1024

        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("deep.html"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("more than 256 levels deep"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("long.txt: its text is"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("bytes per document; split it"), "\(outcome.stderr)")
        let status = try quarry.run(["status", "--index", "index.quarry", "--json"], in: root)
        #expect(status.json?["documents"] as? Int == 1, "\(status.stdout)")
        // Seconds in release (a debug build on a loaded machine, minutes).
        #expect(elapsed < .seconds(600), "\(elapsed)")
        // Reading the 50 MB file to refuse it, and the 4 MB one's index: not 1.27 GB.
        #expect(peak < 400 << 20, "quarry index peaked at \(peak >> 20) MiB")
    }
}
