import Foundation
import QuarryCore

/// A PostgreSQL database named by a URL, as libpq reads one:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`. The user defaults to
/// `PGUSER`, then the login name; the password to `PGPASSWORD`; the host to `PGHOST`, then
/// localhost; the port to `PGPORT`, then 5432; the database to the user's name; `sslmode`
/// to `PGSSLMODE`, then `prefer`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode`s.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it (postgres-nio tries TLS first, as `prefer` does).
        case allow
        /// TLS when the server offers it, else plain.
        case prefer
        /// TLS or nothing, the certificate unchecked.
        case require
        /// TLS with the certificate checked against the trusted roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and the host name checked.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    /// Never printed: ``description`` leaves it out.
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    public init(host: String, port: Int, user: String, password: String?, database: String, sslMode: SSLMode) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    /// Parses `url`; `environment` supplies libpq's `PG…` defaults. Query parameters other
    /// than `sslmode`, a bad port or a path that is not one database name are refused,
    /// saying what was wrong (the password never appears in the message).
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw QuarryError(
                .invalidInput,
                "--index: not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE (password in PGPASSWORD)"
            )
        }
        var shown = components
        shown.password = nil
        let redacted = shown.string ?? "postgres://…"
        func refuse(_ what: String) -> QuarryError {
            QuarryError(.invalidInput, "--index \(redacted): \(what)")
        }
        let login = ProcessInfo.processInfo.userName
        user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["PGUSER"] ?? login
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding } ?? environment["PGPASSWORD"]
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGHOST"] ?? "localhost"
        if let given = components.port {
            port = given
        } else if let text = environment["PGPORT"] {
            guard let value = Int(text) else { throw refuse("PGPORT=\(text) is not a port number") }
            port = value
        } else {
            port = 5432
        }
        guard (1...65_535).contains(port) else { throw refuse("port \(port) is outside 1…65535") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw refuse("the path names more than one database; write /DATABASE") }
        database = path.isEmpty ? user : path
        var mode = environment["PGSSLMODE"] ?? "prefer"
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw refuse("unknown parameter \(item.name); only sslmode is read")
            }
            mode = item.value ?? ""
        }
        guard let sslMode = SSLMode(rawValue: mode) else {
            throw refuse(
                "sslmode=\(mode) is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self.sslMode = sslMode
    }

    /// `postgres://USER@HOST:PORT/DATABASE?sslmode=MODE`, without the password.
    public var description: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.host = host
        components.port = port
        components.path = "/" + database
        components.queryItems = [URLQueryItem(name: "sslmode", value: sslMode.rawValue)]
        return components.string ?? "postgres://\(user)@\(host):\(port)/\(database)"
    }
}
