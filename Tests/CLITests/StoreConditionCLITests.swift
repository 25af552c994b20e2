import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The machine's conditions a command meets (a port another process holds, an index
/// another process is writing, a damaged index file) are the user's environment: exit 1
/// with a message that says what to do, never "internal error" (exit 2).
@Suite("Store and port conditions on the command line", .serialized)
struct StoreConditionCLITests {
    let quarry: QuarryBinary
    let root: URL

    init() throws {
        quarry = try QuarryBinary()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-cond-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data("VACUUM reclaims dead tuples.".utf8).write(to: docs.appendingPathComponent("v.txt"))
        let index = try quarry.run(["index", "docs", "--index", "index.quarry", "--embedder", "none"], in: root)
        #expect(index.status == 0, "\(index.stderr)")
    }

    /// Expects exit 1 with `words` on stderr and no "internal error".
    func expectUsersProblem(_ outcome: QuarryBinary.Outcome, saying words: String) {
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(words), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("internal error"), "\(outcome.stderr)")
    }

    /// Guards NIO's "bind(descriptor:ptr:bytes:): Address already in use" as an internal
    /// error: a port another socket listens on stops `serve` with exit 1 naming it.
    @Test func servingOnAPortInUseSaysSo() throws {
        let taken = try boundSocket(listening: true)
        defer { close(taken.descriptor) }
        let outcome = try quarry.run([
            "serve", "--index", "index.quarry", "--retriever", "bm25", "--embedder", "none",
            "--host", "127.0.0.1", "--port", "\(taken.port)",
        ], in: root)
        expectUsersProblem(outcome, saying: "127.0.0.1:\(taken.port) is in use by another process")
    }

    /// Guards "database is locked" as an internal error: `quarry index` behind another
    /// process's write transaction waits the 10 s busy timeout, then exits 1 saying the
    /// index is locked.
    @Test(.timeLimit(.minutes(5))) func indexingALockedIndexSaysLocked() throws {
        try Data("Autovacuum runs automatically.".utf8).write(to: root.appendingPathComponent("docs/a.txt"))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys
            connection = sqlite3.connect(sys.argv[1], isolation_level=None)
            connection.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            sys.stdin.read()
            """, root.appendingPathComponent("index.quarry").path]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let said = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        try #require(said.hasPrefix("locked"), "the lock holder said \(said)")
        let outcome = try quarry.run(["index", "docs", "--index", "index.quarry", "--embedder", "none"], in: root)
        expectUsersProblem(outcome, saying: "index.quarry is locked")
    }

    /// Guards "database disk image is malformed" as an internal error: `quarry ask` on
    /// a copy of the index whose `documents` page is overwritten exits 1 saying the file
    /// is damaged and what to do.
    @Test func askingADamagedIndexSaysItIsDamaged() throws {
        let damage = try Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", """
            import sqlite3, sys
            source, copy = sys.argv[1:3]
            connection = sqlite3.connect(source)
            connection.execute("VACUUM INTO ?", (copy,))
            page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
            size = connection.execute("PRAGMA page_size").fetchone()[0]
            with open(copy, "r+b") as file:
                file.seek((page - 1) * size)
                file.write(b"Z" * size)
            """, root.appendingPathComponent("index.quarry").path, root.appendingPathComponent("damaged.quarry").path])
        damage.waitUntilExit()
        try #require(damage.terminationStatus == 0)
        let outcome = try quarry.run(
            ["ask", "What does VACUUM reclaim?", "--index", "damaged.quarry", "--retriever", "bm25"], in: root
        )
        expectUsersProblem(outcome, saying: "damaged.quarry is not a Quarry index or is damaged")
    }
}
