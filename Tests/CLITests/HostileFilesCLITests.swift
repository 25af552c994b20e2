import Foundation
import Testing

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

        // The peak of this one `quarry index`: Python's getrusage of its only child (this
        // test process's own RUSAGE_CHILDREN would be the largest of every test's children).
        let measured = Process()
        measured.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        measured.arguments = [
            "python3", "-c",
            "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
                + "sys.stderr.write('\\npeak_kb=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
                + "sys.exit(r.returncode)",
            quarry.url.path, "index", "docs", "--index", "index.quarry", "--embedder", "none",
        ]
        measured.currentDirectoryURL = root
        let started = ContinuousClock.now
        let outcome = try QuarryBinary.outcome(of: measured)
        let elapsed = ContinuousClock.now - started
        let peakLine = outcome.stderr.split(separator: "\n").last { $0.hasPrefix("peak_kb=") }
        let peak = try #require(peakLine.flatMap { Int($0.dropFirst("peak_kb=".count)) }, "\(outcome.stderr)") * 1024

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
