import ArgumentParser
import Foundation
import PostgresStore
import QuarryCore
import Store

/// `quarry status`: what an index holds (a SQLite file, or a PostgreSQL database named by
/// a `postgres://` URL), and what this machine computes with. Without an index at
/// `--index` it still reports the machine (the BLAS core and kernel paths) and says there
/// is no index, exiting 0, so a script can ask for the kernels before indexing.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how many sources, documents, chunks and terms the index holds, "
            + "and the BLAS core and kernel paths in use.",
        discussion: "Without an index at --index (no file, or a PostgreSQL database without one), reports the BLAS "
            + "core and kernel paths and says there is no index (\"index_exists\": false with --json); the exit "
            + "status is 0 either way. A PostgreSQL server that cannot be reached is exit 1."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let store = try await open() else { return }
        let statistics = try await store.statistics()
        let settings = try await store.withSnapshot { try await $0.meta("settings") }
        await store.close()
        if global.json {
            try Output.json(StatusReport(statistics: statistics))
        } else {
            print("\(global.indexName): \(statistics.sources) files, \(statistics.documents) documents, "
                + "\(statistics.chunks) chunks, \(statistics.terms) terms")
            if let settings { print("settings: \(settings)") }
            print(HardwareReport.current.summary)
        }
    }

    /// The index at `--index`; nil, once the machine and the missing index are reported,
    /// when there is none there.
    private func open() async throws -> (any IndexStore)? {
        switch try global.location {
        case .sqlite(let url):
            guard FileManager.default.fileExists(atPath: url.path) else {
                try reportNoIndex("no index here; build one with `quarry index PATH… --index \(global.index)`")
                return nil
            }
            return try QuarryStore(url: url, create: false)
        case .postgres(let database):
            do {
                return try await PostgresStore.open(database, create: false)
            } catch let error as QuarryError where error.kind == .notFound {
                try reportNoIndex(error.message)
                return nil
            }
        }
    }

    private func reportNoIndex(_ message: String) throws {
        if global.json {
            try Output.json(StatusReport(statistics: nil))
        } else {
            let name = global.indexName
            print(message.hasPrefix(name) ? message : "\(name): \(message)")
            print(HardwareReport.current.summary)
        }
    }
}
