import Foundation
import QuarryCore

/// Where an index lives: a SQLite file (the embedded default) or a PostgreSQL database
/// shared by several nodes. Parsed from what a user passes as `--index`.
public enum IndexLocation: Sendable, Equatable, CustomStringConvertible {
    /// An index file on this machine.
    case sqlite(URL)
    /// A PostgreSQL database (`postgres://` or `postgresql://`).
    case postgres(PostgresLocation)

    /// The location `text` names: a `postgres://` or `postgresql://` URL, or else a file
    /// path (relative to the working directory). Any other `scheme://` is refused, as is a
    /// PostgreSQL URL that ``PostgresLocation/init(url:environment:)`` refuses.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: text, environment: environment))
        } else if let scheme = text.range(of: "://"), !text[..<scheme.lowerBound].contains("/") {
            throw QuarryError(
                .invalidInput,
                "--index \(text.prefix(upTo: scheme.lowerBound))://…: not a kind of index Quarry knows; "
                    + "pass a file path (SQLite) or a postgres://USER@HOST:PORT/DATABASE URL"
            )
        } else {
            self = .sqlite(URL(fileURLWithPath: text).standardizedFileURL)
        }
    }

    /// The file path, or the URL without its password: safe for messages and logs.
    public var description: String {
        switch self {
        case .sqlite(let url): url.path
        case .postgres(let location): location.description
        }
    }
}
