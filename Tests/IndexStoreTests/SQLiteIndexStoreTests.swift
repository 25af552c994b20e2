import Foundation
import QuarryCore
import Store
import XCTest

/// The ``StoreConformance`` scenarios on SQLite's ``QuarryStore`` through the
/// ``IndexStore`` protocol: the adapters keep the embedded default's behaviour.
final class SQLiteIndexStoreTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-indexstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func makeStore(_ name: String = "index.quarry") throws -> QuarryStore {
        try QuarryStore(url: directory.appendingPathComponent(name), create: true)
    }

    /// Guards the protocol's reads and writes on SQLite: generations, changes, records.
    func testScenario() async throws {
        _ = try await StoreConformance.scenario(try makeStore())
    }

    /// Guards a 10,000-chunk source written in one transaction and read back whole.
    func testLargeSource() async throws {
        try await StoreConformance.largeSource(try makeStore())
    }

    /// Guards that concurrent writers of one path (two connections to one file) end as one source.
    func testConcurrentSamePathWrites() async throws {
        try await StoreConformance.concurrentSamePathWrites([try makeStore(), try makeStore()])
    }

    /// Guards that a follower of another connection to the same file sees writes (by polling).
    func testFollowerSeesAnotherWritersChanges() async throws {
        let writer = try makeStore()
        let reader = try makeStore()
        try await StoreConformance.follows(writer: writer, reader: reader, pollInterval: .milliseconds(100), within: .seconds(1))
    }

    /// Guards the reload when a follower is older than the trimmed log.
    func testReloadWhenBehindTheLog() async throws {
        try await StoreConformance.reloadsWhenBehindTheLog(try makeStore())
    }

    /// Guards that a snapshot reads one generation while another connection writes.
    func testSnapshotIsolation() async throws {
        let store = try makeStore()
        let other = try makeStore()
        try await store.withSnapshot { snapshot in
            let before = try await snapshot.generation()
            try other.replace(StoreConformance.source("/iso.txt"))
            let after = try await snapshot.generation()
            let counts = try await snapshot.termCounts(ids: nil)
            XCTAssertEqual(after, before)
            XCTAssertEqual(counts.count, 0)
        }
        let generation = try await store.currentGeneration()
        XCTAssertEqual(generation.generation, 2)
    }

    /// Guards that the location of a file store is its path.
    func testLocation() throws {
        let store = try makeStore()
        XCTAssertEqual(store.location, .sqlite(directory.appendingPathComponent("index.quarry")))
    }
}
