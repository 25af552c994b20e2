import Foundation
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import QuarryCore
import Store
import Synchronization
import XCTest

/// The ``StoreConformance`` scenarios on ``PostgresStore`` (each test in a database of its
/// own on `QUARRY_TEST_POSTGRES_URL`; skipped, saying how to run them, when it is unset),
/// plus what only a server shows: two nodes, `NOTIFY`, migrations racing, a transaction
/// killed mid-write, the server stopped and back.
final class PostgresIndexStoreTests: XCTestCase {
    private var databases: [PostgresLocation] = []
    private var stores: [PostgresStore] = []
    private var directory: URL?

    override func setUp() async throws {
        if PostgresTestServer.configuredURL == nil { throw XCTSkip(PostgresTestServer.howToRun) }
    }

    override func tearDown() async throws {
        for store in stores { await store.close() }
        for database in databases { try? await PostgresTestServer.dropDatabase(database) }
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A new database's location (dropped in tearDown).
    private func newDatabase() async throws -> PostgresLocation {
        let location = try await PostgresTestServer.createDatabase()
        databases.append(location)
        return location
    }

    private func open(
        _ location: PostgresLocation, create: Bool = true, deadline: Duration = PostgresStore.defaultDeadline
    ) async throws -> PostgresStore {
        let store = try await PostgresStore.open(location, create: create, deadline: deadline)
        stores.append(store)
        return store
    }

    /// Guards the seam itself: the same writes give the same ids, generations, changes
    /// and records on PostgreSQL as on SQLite.
    func testScenarioMatchesSQLite() async throws {
        let postgres = try await StoreConformance.scenario(try await open(try await newDatabase()))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-pg-\(UUID().uuidString)")
        directory = folder
        let sqlite = try await StoreConformance.scenario(
            try QuarryStore(url: folder.appendingPathComponent("index.quarry"), create: true)
        )
        XCTAssertEqual(postgres.steps.count, sqlite.steps.count)
        for (postgresStep, sqliteStep) in zip(postgres.steps, sqlite.steps) {
            XCTAssertEqual(postgresStep, sqliteStep)
        }
    }

    /// Guards the batched inserts: a 10,000-chunk source (several statements of chunks)
    /// reads back whole, ids ascending, every chunk's terms exact.
    func testLargeSource() async throws {
        try await StoreConformance.largeSource(try await open(try await newDatabase()))
    }

    /// Guards that 20 same-path writes through two nodes at once end as one source.
    func testConcurrentSamePathWritesThroughTwoNodes() async throws {
        let location = try await newDatabase()
        try await StoreConformance.concurrentSamePathWrites([try await open(location), try await open(location)])
    }

    /// Guards `LISTEN/NOTIFY`: another node's follower (polling only every 30 s) sees a
    /// write and a removal within 1 s.
    func testFollowerWakesOnNotify() async throws {
        let location = try await newDatabase()
        let writer = try await open(location)
        let reader = try await open(location)
        try await StoreConformance.follows(writer: writer, reader: reader, pollInterval: .seconds(30), within: .seconds(1))
    }

    /// Guards the deadline on the `LISTEN` connection: with its backend stopped (SIGSTOP,
    /// which is what a network dropping every packet looks like to the node), the
    /// listener's check goes unanswered within the store's deadline, its connection is
    /// closed and a new one listens, so another node's write still reaches a follower
    /// that polls only every 5 minutes within seconds (the listener used to wait on the
    /// dead connection for ever, leaving writes to the poll).
    func testStuckListenConnectionIsReplaced() async throws {
        let location = try await newDatabase()
        let store = try await open(location, deadline: .seconds(2))
        let writer = try await open(location)
        let follower = IndexFollower(store: store, pollInterval: .seconds(300))
        var updates = follower.updates(after: try await store.currentGeneration().generation).makeAsyncIterator()
        var listening: Int32?
        for _ in 0..<100 where listening == nil {
            listening = try await PostgresTestServer.admin(location) { connection in
                let rows = try await connection.query(
                    """
                    SELECT pid FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'
                    """,
                    logger: PostgresTestServer.logger
                )
                for try await pid in rows.decode(Int32.self) { return pid }
                return nil
            }
            if listening == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let backend = try XCTUnwrap(listening, "the follower's LISTEN backend was not found")
        XCTAssertEqual(kill(backend, SIGSTOP), 0, "stopping the LISTEN backend \(backend)")
        defer { kill(backend, SIGCONT) }

        let clock = ContinuousClock()
        let begun = clock.now
        try await writer.replace(StoreConformance.source("/while-stuck.txt"))
        let update = await StoreConformance.next(&updates, within: .seconds(20))
        guard case .changes(let changes, _)? = update else {
            return XCTFail("the write was not seen within 20 s with the LISTEN connection stuck: \(String(describing: update))")
        }
        XCTAssertEqual(changes.added.count, 6)
        XCTAssertLessThan(clock.now - begun, .seconds(12), "seen after one check interval and one deadline, not the poll")
    }

    /// Guards the reload when a follower is older than the trimmed log.
    func testReloadWhenBehindTheLog() async throws {
        try await StoreConformance.reloadsWhenBehindTheLog(try await open(try await newDatabase()))
    }

    /// Guards the migrations: two nodes creating one index at once both open it with
    /// each migration applied once; a database with no index is not found without
    /// create; one migrated by a newer Quarry is refused.
    func testMigrationsRaceAndVersions() async throws {
        let location = try await newDatabase()
        await XCTAssertThrowsQuarryError(.notFound, containing: "quarry index") { try await self.open(location, create: false) }
        async let first = PostgresStore.open(location, create: true)
        async let second = PostgresStore.open(location, create: true)
        stores += try await [first, second]
        let versions = try await PostgresTestServer.admin(location) { connection in
            var versions: [Int] = []
            for try await version in try await connection.query("SELECT version FROM quarry_migrations", logger: PostgresTestServer.logger)
                .decode(Int.self)
            {
                versions.append(version)
            }
            try await connection.query("INSERT INTO quarry_migrations (version, name) VALUES (99, 'future')", logger: PostgresTestServer.logger)
            return versions
        }
        XCTAssertEqual(versions, [1])
        await XCTAssertThrowsQuarryError(.conflict, containing: "newer Quarry") { try await self.open(location) }
    }

    /// Guards one transaction per write, and that a writer whose connection dies always
    /// returns: ten times, a writer's backend is terminated mid-transaction; each time its
    /// `replace` fails promptly as unavailable (it used to hang when the writer's next
    /// statement or its ROLLBACK met the closed connection: postgres-nio never answers
    /// those), saying the server closed the connection (not that it cannot be reached),
    /// leaving no source, document or chunk and no new generation; the store's next write
    /// then succeeds on a new connection.
    func testKilledWriteLeavesNothing() async throws {
        let location = try await newDatabase()
        let store = try await open(location, deadline: .seconds(5))
        let clock = ContinuousClock()
        for attempt in 1...10 {
            let big = StoreConformance.source("/big\(attempt).txt", documents: 40, chunksPerDocument: 100)
            let begun = clock.now
            let write = Finished { try await store.replace(big) }
            let killed = try await terminateWriter(location)
            XCTAssertTrue(killed, "attempt \(attempt): the writer's backend was found mid-transaction")
            guard let outcome = await write.result(within: .seconds(20)) else {
                return XCTFail("attempt \(attempt): the killed writer did not return within 20 s")
            }
            switch outcome {
            case .success: XCTFail("attempt \(attempt): the killed write reported success")
            case .failure(let error as QuarryError):
                XCTAssertEqual(error.kind, .unavailable, "attempt \(attempt): \(error)")
                // The server was there and ended the session: not "cannot be reached".
                XCTAssertTrue("\(error)".contains("closed the connection"), "attempt \(attempt): \(error)")
                XCTAssertFalse("\(error)".contains("cannot be reached"), "attempt \(attempt): \(error)")
            case .failure(let error): XCTFail("attempt \(attempt): \(error) is not a QuarryError")
            }
            XCTAssertLessThan(
                clock.now - begun, .seconds(4),
                "attempt \(attempt): returned promptly (a statement lost on the closed connection is noticed, not left to the 5 s deadline)"
            )
            let counts = try await PostgresTestServer.admin(location) { connection in
                let rows = try await connection.query(
                    """
                    SELECT (SELECT COUNT(*) FROM sources), (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM chunks),
                           (SELECT COUNT(*) FROM vectors), (SELECT COUNT(*) FROM changes), (SELECT generation FROM index_state)
                    """,
                    logger: PostgresTestServer.logger
                )
                for try await row in rows.decode((Int, Int, Int, Int, Int, Int).self) { return [row.0, row.1, row.2, row.3, row.4, row.5] }
                return []
            }
            XCTAssertEqual(counts, [0, 0, 0, 0, 0, 1], "attempt \(attempt): sources, documents, chunks, vectors, changes, generation")
        }
        let ids = try await store.replace(StoreConformance.source("/after.txt"))
        XCTAssertEqual(ids.count, 6)
    }

    /// Ends the backend of the transaction writing to `location` once it has written rows;
    /// whether one was found within 5 s.
    private func terminateWriter(_ location: PostgresLocation) async throws -> Bool {
        try await PostgresTestServer.admin(location) { connection in
            for _ in 0..<500 {
                let rows = try await connection.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                    """,
                    logger: PostgresTestServer.logger
                )
                for try await terminated in rows.decode(Bool.self) where terminated { return true }
                try await Task.sleep(for: .milliseconds(10))
            }
            return false
        }
    }

    /// Guards the deadline on every query: a write stuck behind a lock that is never
    /// released fails as unavailable, saying so, soon after the store's deadline (its
    /// connection closed, so the server drops the wait) instead of waiting forever.
    func testQueryDeadline() async throws {
        let location = try await newDatabase()
        let store = try await open(location, deadline: .seconds(2))
        let clock = ContinuousClock()
        try await PostgresTestServer.admin(location) { connection in
            try await connection.query(
                "SELECT pg_advisory_lock(hashtextextended('/locked.txt', 0))", logger: PostgresTestServer.logger
            )
            let begun = clock.now
            let write = Finished { try await store.replace(StoreConformance.source("/locked.txt")) }
            guard let outcome = await write.result(within: .seconds(20)) else {
                return XCTFail("the write waiting on the lock did not return within 20 s")
            }
            guard case .failure(let error as QuarryError) = outcome else {
                return XCTFail("the stuck write did not fail as a QuarryError: \(outcome)")
            }
            XCTAssertEqual(error.kind, .unavailable, "\(error)")
            XCTAssertTrue("\(error)".contains("did not answer a query within 2"), "\(error)")
            XCTAssertNotNil(error.retryAfter)
            XCTAssertLessThan(clock.now - begun, .seconds(10), "fails soon after the 2 s deadline")
        }
        let ids = try await store.replace(StoreConformance.source("/locked.txt"))
        XCTAssertEqual(ids.count, 6, "the lock gone, the next write succeeds")
    }

    /// Guards the operator's view of a login or database mistake: not "internal error".
    func testWrongPasswordAndMissingDatabase() async throws {
        var location = try PostgresLocation(url: try PostgresTestServer.url())
        location.password = "not-the-password"
        await XCTAssertThrowsQuarryError(.unavailable, containing: "refused the login") { try await self.open(location) }
        location = try PostgresLocation(url: try PostgresTestServer.url())
        location.database = "quarry_no_such_database"
        await XCTAssertThrowsQuarryError(.notFound, containing: "createdb") { try await self.open(location) }
    }

    /// Guards the behaviour under an outage: with the server stopped, a write fails fast
    /// as unavailable (503 upstream, with Retry-After) saying what to do, a follower
    /// reports the outage once; after the server is back, writes succeed by themselves
    /// and the follower catches up. Needs the Deploy/postgres.sh cluster (it stops and
    /// starts it).
    func testServerStoppedThenBack() async throws {
        let url = try PostgresTestServer.url()
        guard (try? PostgresTestServer.control("url")) == url else {
            throw XCTSkip("QUARRY_TEST_POSTGRES_URL is not the Deploy/postgres.sh cluster, which this test stops and starts")
        }
        let location = try await newDatabase()
        let store = try await open(location)
        let follower = IndexFollower(store: store, pollInterval: .milliseconds(200))
        var updates = follower.updates(after: try await store.currentGeneration().generation).makeAsyncIterator()
        try PostgresTestServer.control("stop")
        var restarted = false
        defer { if !restarted { _ = try? PostgresTestServer.control("start") } }

        let clock = ContinuousClock()
        let begun = clock.now
        do {
            try await store.replace(StoreConformance.source("/down.txt"))
            XCTFail("a write with the server stopped reported success")
        } catch let error as QuarryError {
            XCTAssertEqual(error.kind, .unavailable)
            XCTAssertNotNil(error.retryAfter)
            XCTAssertTrue("\(error)".contains("Deploy/postgres.sh start"), "\(error)")
            XCTAssertFalse("\(error)".contains(location.password ?? "\u{0}"), "the password stays out of messages")
        }
        XCTAssertLessThan(clock.now - begun, .seconds(5), "fails fast instead of hanging")
        XCTAssertNotNil(store.writeProblem, "/readyz sees the write problem")
        let outage = await StoreConformance.next(&updates, within: .seconds(5))
        guard case .unavailable? = outage else {
            return XCTFail("the follower did not report the outage: \(String(describing: outage))")
        }

        try PostgresTestServer.control("start")
        restarted = true
        var ids: [Int64] = []
        let deadline = clock.now + .seconds(30)
        while ids.isEmpty, clock.now < deadline {
            do {
                ids = try await store.replace(StoreConformance.source("/up.txt"))
            } catch let error as QuarryError where error.kind == .unavailable {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        XCTAssertEqual(ids.count, 6, "writes succeed again by themselves")
        XCTAssertLessThan(clock.now - begun, .seconds(30))
        XCTAssertNil(store.writeProblem)
        guard case .changes(let changes, _)? = await StoreConformance.next(&updates, within: .seconds(10)) else {
            return XCTFail("the follower did not catch up after the server came back")
        }
        XCTAssertEqual(changes.added, ids)
    }
}

/// Asserts that `body` throws a ``QuarryError`` of `kind` whose message contains `text`.
func XCTAssertThrowsQuarryError(
    _ kind: QuarryError.Kind, containing text: String, file: StaticString = #filePath, line: UInt = #line,
    _ body: () async throws -> some Any
) async {
    do {
        _ = try await body()
        XCTFail("no error; expected \(kind)", file: file, line: line)
    } catch let error as QuarryError {
        XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
        XCTAssertTrue("\(error)".contains(text), "\(error)", file: file, line: line)
    } catch {
        XCTFail("\(error) is not a QuarryError", file: file, line: line)
    }
}

/// Work started at once whose outcome a test waits for with a limit: a hang fails the
/// test instead of stalling the suite (the work is left running).
final class Finished<Value: Sendable>: Sendable {
    private let outcome = Mutex<Result<Value, any Error>?>(nil)

    init(_ work: @escaping @Sendable () async throws -> Value) {
        Task { [self] in
            let result: Result<Value, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            self.outcome.withLock { $0 = result }
        }
    }

    /// The outcome, or nil when the work has not finished within `limit`.
    func result(within limit: Duration) async -> Result<Value, any Error>? {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while clock.now < end {
            if let result = outcome.withLock({ $0 }) { return result }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return outcome.withLock { $0 }
    }
}
