import Foundation
import Testing

/// A `quarry ask` REPL on a pseudo-terminal (util-linux `script` holds it), typed into as
/// a user types: libedit edits lines and prints its prompt, Ctrl-C (`\u{03}`) is the
/// terminal's interrupt and Ctrl-D (`\u{04}`) its end of input. The output is collected
/// as it comes.
final class ReplSession: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(_ quarry: QuarryBinary, _ arguments: [String], in directory: URL, home: URL) throws {
        // exec: quarry itself is the terminal's process, so its exit status is the session's.
        let command = "exec " + ([quarry.url.path, "ask"] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        // The history goes to `home`; the models stay where they are.
        environment["XDG_CACHE_HOME"] = environment["XDG_CACHE_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache").path
        environment["HOME"] = home.path
        environment["TERM"] = "dumb"
        environment["SHELL"] = "/bin/sh"
        process.environment = environment
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.collected.append(data) }
        }
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    /// What came after the last prompt.
    var afterLastPrompt: String { output.components(separatedBy: "quarry> ").last ?? "" }

    func type(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits up to `seconds` for `condition` on the output so far.
    func wait(seconds: Double, for condition: (ReplSession) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(self) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    /// Waits for the process to end (ending it after `seconds`) and returns its status.
    func exitStatus(within seconds: Double) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }
}

/// Guards issue 20's REPL rough edges: Ctrl-C stops an answer and returns to the prompt
/// (main exited with 130 and lost the session's history), history is written as the
/// session goes, `exit` and `quit` leave (main asked them as questions), and Ctrl-D ends
/// the prompt's line (main left the shell's prompt on the same line), and `:set` reaches the
/// compression method as `ask --compression-method` does (main's `:set` had no way to it).
@Suite("REPL", .serialized)
struct ReplTests {
    let quarry: QuarryBinary
    let directory: URL

    init() throws {
        quarry = try QuarryBinary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("docs"), withIntermediateDirectories: true
        )
        try Data("""
            Checkpoints are points in the write-ahead log at which all data files have been updated. \
            The checkpoint interval is set by checkpoint_timeout. A checkpoint writes all dirty pages to disk.
            """.utf8).write(to: directory.appendingPathComponent("docs/wal.txt"))
        let index = try quarry.run(["index", "docs", "--index", "i.quarry", "--embedder", "none"], in: directory)
        try #require(index.status == 0, "\(index.stderr)")
    }

    var history: URL { directory.appendingPathComponent(".quarry_history") }

    @Test func ctrlCStopsTheAnswerAndTheSessionGoesOn() async throws {
        let session = try ReplSession(
            quarry, ["--index", "i.quarry", "--generator", "local", "--max-tokens", "2000", "--no-repeat-ngram", "0"],
            in: directory, home: directory
        )
        #expect(try await session.wait(seconds: 300) { $0.output.contains("quarry> ") }, "no prompt: \(session.output)")
        let question = "Explain checkpoints in as much detail as you can."
        session.type(question + "\r")
        // The echoed question and its line break, then the answer's first words.
        let answering = try await session.wait(seconds: 300) { $0.afterLastPrompt.count > question.count + 8 }
        try #require(answering, "no answer began: \(session.output)")
        session.type("\u{03}")
        #expect(try await session.wait(seconds: 60) { $0.output.contains("(stopped)") }, "\(session.output)")
        #expect(try await session.wait(seconds: 10) { !$0.afterLastPrompt.contains("stopped") }, "back at the prompt")
        // The history holds the question already, while the session runs.
        let written = (try? String(contentsOf: history, encoding: .utf8)) ?? ""
        #expect(written.contains("checkpoints"), "history so far: \(written)")
        session.type(":history\r")
        #expect(try await session.wait(seconds: 10) { $0.output.contains("1. \(question)") }, "\(session.output)")
        session.type(":quit\r")
        #expect(try await session.exitStatus(within: 60) == 0)
    }

    @Test func exitAndQuitLeave() async throws {
        for word in ["exit", "quit"] {
            let session = try ReplSession(quarry, ["--index", "i.quarry"], in: directory, home: directory)
            #expect(try await session.wait(seconds: 60) { $0.output.contains("quarry> ") })
            session.type(word + "\r")
            #expect(try await session.exitStatus(within: 30) == 0)
            #expect(!session.output.contains("I found nothing"), "\(word) was asked as a question: \(session.output)")
        }
    }

    @Test func ctrlDEndsThePromptsLine() async throws {
        let session = try ReplSession(quarry, ["--index", "i.quarry"], in: directory, home: directory)
        #expect(try await session.wait(seconds: 60) { $0.output.contains("quarry> ") })
        session.type("\u{04}")
        #expect(try await session.exitStatus(within: 30) == 0)
        #expect(session.afterLastPrompt.contains("\n"), "\(session.output.debugDescription)")
    }

    @Test func setReachesTheCompressionMethod() async throws {
        let session = try ReplSession(quarry, ["--index", "i.quarry"], in: directory, home: directory)
        #expect(try await session.wait(seconds: 60) { $0.output.contains("quarry> ") })
        session.type(":set compression-method truncate\r:settings\r")
        #expect(
            try await session.wait(seconds: 30) { $0.output.contains("compression-method truncate ·") },
            "\(session.output)"
        )
        session.type(":set compression-method nonsense\r")
        #expect(
            try await session.wait(seconds: 30) { $0.output.contains("compression-method is one of stored, lexical") },
            "\(session.output)"
        )
        session.type(":quit\r")
        #expect(try await session.exitStatus(within: 30) == 0)
    }
}
