import Foundation
import QuarryCore
import Store
import XCTest

/// How `--index` text names an index: a path, or a PostgreSQL URL read as libpq reads it.
final class IndexLocationTests: XCTestCase {
    /// Guards that a plain path (even one with a colon) stays a SQLite file.
    func testPathsAreFiles() throws {
        XCTAssertEqual(try IndexLocation(parsing: "/tmp/a.quarry"), .sqlite(URL(fileURLWithPath: "/tmp/a.quarry")))
        XCTAssertEqual(try IndexLocation(parsing: "/tmp/x:y/a.quarry"), .sqlite(URL(fileURLWithPath: "/tmp/x:y/a.quarry")))
    }

    /// Guards the URL's parts, the password from the URL (percent-decoded) or PGPASSWORD,
    /// and that no description shows the password.
    func testPostgresURL() throws {
        let location = try IndexLocation(
            parsing: "postgresql://quarry:p%40ss@db.example:6543/rag?sslmode=verify-full", environment: ["PGPASSWORD": "env"]
        )
        guard case .postgres(let postgres) = location else { return XCTFail("\(location)") }
        XCTAssertEqual(postgres, PostgresLocation(host: "db.example", port: 6543, user: "quarry", password: "p@ss", database: "rag", sslMode: .verifyFull))
        XCTAssertFalse(location.description.contains("p@ss") || location.description.contains("p%40ss"), location.description)
        let fromEnvironment = try PostgresLocation(url: "postgres://quarry@127.0.0.1/rag", environment: ["PGPASSWORD": "env"])
        XCTAssertEqual(fromEnvironment.password, "env")
        XCTAssertEqual(fromEnvironment.port, 5432)
        XCTAssertEqual(fromEnvironment.sslMode, .prefer)
        let defaults = try PostgresLocation(url: "postgres://", environment: ["PGUSER": "u", "PGHOST": "h", "PGPORT": "7", "PGSSLMODE": "disable"])
        XCTAssertEqual(defaults, PostgresLocation(host: "h", port: 7, user: "u", password: nil, database: "u", sslMode: .disable))
    }

    /// Guards that mistakes are the user's (invalid input naming what is wrong), never a
    /// silent fallback to a file called "postgres:".
    func testMistakesAreRefused() {
        for (text, expected) in [
            ("postgres://u@h/db?sslmode=maybe", "sslmode=maybe"),
            ("postgres://u@h/db?ssl=true", "unknown parameter ssl"),
            ("postgres://u@h/a/b", "more than one database"),
            ("mysql://u@h/db", "not a kind of index"),
            ("postgres://u:secret@h:99999/db", "outside"),
        ] {
            XCTAssertThrowsError(try IndexLocation(parsing: text, environment: [:]), text) { error in
                XCTAssertEqual((error as? QuarryError)?.kind, .invalidInput, "\(error)")
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
                XCTAssertFalse("\(error)".contains("secret"), "\(error)")
            }
        }
    }
}
