import ArgumentParser
import Foundation
import QuarryCore
import PostgresStore
import Store

/// Options every command takes: which index, and machine-readable output.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The index: a file path (one SQLite database) or a postgres://USER@HOST:PORT/DB URL (a PostgreSQL database shared by several nodes)."
    )
    var index: String = "Indexes/default.quarry"

    @Flag(name: .long, help: "Print machine-readable JSON on stdout; progress and logs go to stderr.")
    var json: Bool = false

    /// Where `--index` names: a SQLite file or a PostgreSQL database.
    var location: IndexLocation {
        get throws { try IndexLocation(parsing: index) }
    }

    /// `--index` as messages show it: the path as given, or the URL without its password.
    var indexName: String {
        if case .postgres(let database)? = try? location { return database.description }
        return index
    }

    /// The index at `--index` as a store: the SQLite file (created with its folder when
    /// `create`) or the PostgreSQL database (its schema created when `create`). The
    /// caller calls ``IndexStore/close()`` once done.
    func openStore(create: Bool) async throws -> any IndexStore {
        switch try location {
        case .sqlite(let url): try QuarryStore(url: url, create: create)
        case .postgres(let database): try await PostgresStore.open(database, create: create)
        }
    }
}
