import Foundation
import PostgresNIO
import PostgresStore
import QuarryCore
import Store

/// The PostgreSQL server the tests use: `QUARRY_TEST_POSTGRES_URL` (Deploy/test.sh starts
/// one with Deploy/postgres.sh and sets it). Each test gets a database of its own,
/// dropped afterwards. Shared by the store suites and the CLI's.
public enum PostgresTestServer {
    /// How to run the tests that need a server, for their skip messages.
    public static let howToRun = "PostgreSQL tests need a server: run `export QUARRY_TEST_POSTGRES_URL=$(Deploy/postgres.sh start)` "
        + "(Deploy/test.sh does it for CI)"

    /// The server's URL; nil when `QUARRY_TEST_POSTGRES_URL` is unset.
    public static var configuredURL: String? {
        guard let url = ProcessInfo.processInfo.environment["QUARRY_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// The server's URL; throws ``howToRun`` when there is none (callers skip first).
    public static func url() throws -> String {
        guard let url = configuredURL else { throw QuarryError(.unavailable, howToRun) }
        return url
    }

    /// A new empty database on the test server; its location.
    public static func createDatabase() async throws -> PostgresLocation {
        let server = try PostgresLocation(url: try url())
        var location = server
        location.database = "quarry_test_" + UUID().uuidString.prefix(8).lowercased()
        _ = try await admin(server) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(location.database)"), logger: logger)
            // Commits without waiting for the disk: the log-trimming test makes 2,100 of them.
            try await connection.query(
                PostgresQuery(unsafeSQL: "ALTER DATABASE \(location.database) SET synchronous_commit = off"), logger: logger
            )
        }
        return location
    }

    /// Drops the test database `location` (ending its connections).
    public static func dropDatabase(_ location: PostgresLocation) async throws {
        let server = try PostgresLocation(url: try url())
        _ = try await admin(server) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)"), logger: logger
            )
        }
    }

    /// Runs `body` on a new empty database (``createDatabase()``), dropped afterwards
    /// whether `body` returns or throws.
    public static func withDatabase<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        let database = try await createDatabase()
        do {
            let value = try await body(database)
            try await dropDatabase(database)
            return value
        } catch {
            try? await dropDatabase(database)
            throw error
        }
    }

    /// `body` on a plain connection to the database at `location`.
    public static func admin<T>(_ location: PostgresLocation, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable
        )
        configuration.options.connectTimeout = .seconds(5)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public static let logger = Logger(label: "quarry.tests.postgres")

    /// Runs `Deploy/postgres.sh ARGUMENT`; its standard output. Spawned with posix_spawn
    /// and waited for with waitpid: Foundation's `Process` never saw `start` end here, the
    /// server it leaves running holding a descriptor that `Process` watches.
    @discardableResult
    public static func control(_ argument: String) throws -> String {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Deploy/postgres.sh").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-pgctl-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = "exec '\(script)' \(argument) >'\(output)' </dev/null"
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { word in strdup(word) } + [nil]
        defer { arguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, arguments, environ)
        guard spawned == 0 else { throw QuarryError(.internal, "could not run Deploy/postgres.sh (\(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw QuarryError(.internal, "Deploy/postgres.sh \(argument) failed (wait status \(status))")
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
