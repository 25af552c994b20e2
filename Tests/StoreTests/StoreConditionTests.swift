import Foundation
import GRDB
import QuarryCore
@testable import Store
import Testing

/// The machine's conditions an index file meets (another writer holding it, a full
/// disk, a damaged page) are the user's environment: `.unavailable` (503, exit 1) with
/// a message naming the file and what to do, `retryAfter` where waiting helps, and the
/// store's `writeProblem` saying so until a write succeeds.
@Suite("Store conditions", .serialized)
struct StoreConditionTests {
    let url: URL

    init() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-cond-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent("index.quarry")
        let store = try QuarryStore(url: url, create: true)
        try store.replace(Self.source("/docs/a.txt", words: 50))
    }

    static func source(_ path: String, words: Int) -> NewSource {
        let text = (0..<words).map { "word\($0)" }.joined(separator: " ")
        let chunk = NewChunk(
            byteStart: 0, byteEnd: text.utf8.count, text: text, tokenCount: words,
            termFrequencies: Dictionary(uniqueKeysWithValues: (0..<words).map { ("word\($0)", 1) }), termCount: words
        )
        return NewSource(
            path: path, format: "text", sha256: "aa", byteCount: text.utf8.count, modified: Date(),
            settings: "sentence:200",
            documents: [NewDocument(externalID: nil, title: "T", byteCount: text.utf8.count, chunks: [chunk])]
        )
    }

    /// Guards the raw "database is locked" that was an internal error (exit 2, 500):
    /// a write that waits out the 10 s busy timeout behind another process's write
    /// transaction says the file is locked and when to retry; the next write after
    /// the lock is gone succeeds and clears `writeProblem`.
    @Test(.timeLimit(.minutes(1))) func aWriteBehindAnotherWriterSaysLockedAndRetry() throws {
        let store = try QuarryStore(url: url, create: false)
        let other = try WriteLock(url: url)
        let failure = try #require(throwing(try store.setMeta("k", "v")))
        #expect(failure.kind == .unavailable && failure.kind.exitCode == 1 && failure.kind.httpStatus == 503)
        #expect(failure.retryAfter == StoreFailure.lockedRetrySeconds)
        #expect(failure.message.contains("\(url.path) is locked"), "\(failure.message)")
        #expect(store.writeProblem == failure)
        other.release()
        try store.setMeta("k", "v")
        #expect(store.writeProblem == nil)
    }

    /// Guards SQLITE_FULL reaching users as "database or disk is full" from an internal
    /// error: the writer connection is capped at its current size (`max_page_count`,
    /// what a full disk looks like to SQLite), and a write that needs more pages says
    /// the disk is full, asks to retry later, and leaves the index as it was.
    @Test func aFullDiskSaysSoAndAsksToRetryLater() throws {
        let store = try QuarryStore(url: url, create: false)
        try store.writing { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let failure = try #require(throwing(try store.replace(Self.source("/docs/b.txt", words: 5_000))))
        #expect(failure.kind == .unavailable && failure.retryAfter == StoreFailure.fullRetrySeconds)
        #expect(failure.message.contains("the disk holding \(url.path) is full"), "\(failure.message)")
        #expect(store.writeProblem?.message == failure.message)
        #expect(try store.sources().map(\.path) == ["/docs/a.txt"])
    }

    /// Guards SQLITE_CORRUPT from a damaged page reaching users as an internal error:
    /// a copy of the index with the `documents` table's page overwritten opens (the
    /// pages read at open are intact) and its first read of that table says the file
    /// is damaged and what to do.
    @Test func aDamagedPageSaysTheFileIsDamaged() throws {
        let damaged = try Self.damagedCopy(of: url, table: "documents")
        let store = try QuarryStore(url: damaged, create: false)
        let failure = try #require(throwing(try store.documentKeys()))
        #expect(failure.kind == .unavailable && failure.kind.exitCode == 1)
        #expect(failure.message.contains("is not a Quarry index or is damaged"), "\(failure.message)")
        #expect(failure.message.contains("re-index into a new --index file"))
    }

    /// A single-file copy of `url` (VACUUM INTO) whose `table`'s root page is overwritten.
    static func damagedCopy(of url: URL, table: String) throws -> URL {
        let copy = url.deletingLastPathComponent().appendingPathComponent("damaged-\(UUID().uuidString).quarry")
        let (page, size) = try DatabaseQueue(path: url.path).inDatabase { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [copy.path])
            return (
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [table]) ?? 0,
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            )
        }
        try #require(page > 1 && size > 0)
        let file = try FileHandle(forWritingTo: copy)
        try file.seek(toOffset: UInt64((page - 1) * size))
        try file.write(contentsOf: Data(repeating: 0x5A, count: size))
        try file.close()
        return copy
    }

    /// The QuarryError `body` throws; nil when it does not throw.
    func throwing(_ body: @autoclosure () throws -> some Any) -> QuarryError? {
        do {
            _ = try body()
            return nil
        } catch {
            return QuarryError(error)
        }
    }
}

/// A write transaction another connection holds on an index file until `release()`.
private final class WriteLock: @unchecked Sendable {
    // @unchecked: the semaphores order the two threads.
    private let held = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    init(url: URL) throws {
        let queue = try DatabaseQueue(path: url.path)
        DispatchQueue.global().async { [held, released, done] in
            try? queue.inTransaction(.immediate) { _ in
                held.signal()
                released.wait()
                return .rollback
            }
            done.signal()
        }
        held.wait()
    }

    func release() {
        released.signal()
        done.wait()
    }
}
