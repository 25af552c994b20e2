import PostgresNIO
import QuarryCore

/// PostgreSQL's errors as the ``QuarryError``s a user acts on: the one place that words
/// them. The server out of reach (stopped, restarting, the network), or a connection it
/// closed under a query (an administrator's `pg_terminate_backend`, a shutdown), is
/// ``QuarryError/Kind/unavailable`` with a `retryAfter` (503 upstream, exit 1): the store
/// reconnects by itself. A refused login or a missing database is the operator's to
/// fix; anything else PostgreSQL refuses is Quarry's own fault.
enum PostgresFailure {
    /// Seconds a client should wait before trying again while the server is away.
    static let retrySeconds = 5

    /// What `error`, met while talking to the database at `location`, means to the user:
    /// PostgreSQL's and the connection's errors are worded; any other error (Quarry's
    /// own, a cancellation) is returned as it is.
    static func map(_ error: any Error, location: String) -> any Error {
        switch error {
        case let error as PSQLError: map(error, location: location)
        case is PostgresDecodingError: QuarryError(.internal, "PostgreSQL at \(location): a column did not decode (\(error))")
        case ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            connectionClosed(location, "\(error)")
        case is ChannelError, is IOError: unreachable(location, "\(error)")
        default: error
        }
    }

    /// What PostgreSQL's `error` means to the user.
    static func map(_ error: PSQLError, location: String) -> QuarryError {
        switch error.code {
        case .server:
            return server(error, location: location)
        case .sslUnsupported:
            return QuarryError(
                .unavailable,
                "PostgreSQL at \(location) does not offer TLS, which sslmode asks for; enable ssl on the server "
                    + "or pass sslmode=prefer (or disable) in the --index URL"
            )
        case .authMechanismRequiresPassword:
            return QuarryError(
                .unavailable,
                "PostgreSQL at \(location) asks for a password; set PGPASSWORD or put it in the --index URL"
            )
        case .unsupportedAuthMechanism, .saslError:
            return QuarryError(
                .unavailable,
                "PostgreSQL at \(location) asks for a login method Quarry cannot answer (\(error.code)); "
                    + "use scram-sha-256, md5, password or trust in pg_hba.conf for this user"
            )
        case .tooManyParameters:
            return QuarryError(.internal, "PostgreSQL at \(location): a query had more than 65535 parameters")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            // postgres-nio says clientClosedConnection for a query sent on a connection its
            // state machine had already closed, whoever closed it: here, the server (the
            // store's own closes, on a deadline, answer their caller themselves).
            return connectionClosed(location, "the connection closed under a query: \(error.code)")
        default:
            // connectionError, …
            return unreachable(location, "\(error.code)")
        }
    }

    /// The server cannot be reached: wait, or start it.
    static func unreachable(_ location: String, _ detail: String) -> QuarryError {
        QuarryError(
            .unavailable,
            "PostgreSQL at \(location) cannot be reached (\(detail)); start it (Deploy/postgres.sh start for the "
                + "local one) or check the host and port in --index; Quarry reconnects by itself once it is back",
            retryAfter: retrySeconds
        )
    }

    /// The server ended a session that was in use: an administrator terminated its
    /// backend, or the server is shutting down or restarting. The session's transaction
    /// was rolled back; the store opens a new connection for the next call by itself.
    /// Not "cannot be reached": the server was there, and may well still be.
    static func connectionClosed(_ location: String, _ detail: String) -> QuarryError {
        QuarryError(
            .unavailable,
            "PostgreSQL at \(location) closed the connection (\(detail)): the session was ended (by an administrator, "
                + "or as the server shuts down or restarts) and what it was doing was rolled back; try again, as Quarry "
                + "opens a new connection by itself (if the server is stopping, start it again: Deploy/postgres.sh start "
                + "for the local one)",
            retryAfter: retrySeconds
        )
    }

    /// The server took longer than `deadline` to answer one query: the connection is
    /// closed (ending its transaction); the caller may try again.
    static func noAnswer(_ location: String, within deadline: Duration) -> QuarryError {
        QuarryError(
            .unavailable,
            "PostgreSQL at \(location) did not answer a query within \(deadline); the connection was closed and its "
                + "transaction rolled back; try again, and check the server's load, locks (pg_stat_activity) and network",
            retryAfter: retrySeconds
        )
    }

    /// An error the server sent, by its SQLSTATE.
    private static func server(_ error: PSQLError, location: String) -> QuarryError {
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "error \(state)"
        let said = "PostgreSQL: \(message)"
        switch state {
        case "28P01", "28000":
            return QuarryError(
                .unavailable,
                "PostgreSQL at \(location) refused the login (\(said)); check the user in --index and the password "
                    + "(PGPASSWORD or the URL), and pg_hba.conf"
            )
        case "3D000":
            return QuarryError(
                .notFound,
                "PostgreSQL at \(location) has no such database (\(said)); create it (createdb -O USER DATABASE) "
                    + "or name an existing one in --index"
            )
        case "42501":
            return QuarryError(
                .unavailable,
                "PostgreSQL at \(location) denied this user a step (\(said)); grant it CREATE on the database's "
                    + "public schema (or make it the owner)"
            )
        case "53100", "53200", "53300":
            return QuarryError(
                .unavailable,
                "PostgreSQL at \(location) is out of resources (\(said)); free disk or connections there, then try again",
                retryAfter: retrySeconds
            )
        case "40001", "40P01", "55P03":
            return QuarryError(
                .unavailable, "PostgreSQL at \(location) is busy with another writer (\(said)); try again",
                retryAfter: 1
            )
        case "22021", "22P05":
            return QuarryError(
                .invalidInput,
                "PostgreSQL at \(location) cannot store this text (\(said)); remove NUL bytes or invalid UTF-8 from the input"
            )
        case "57P01", "57P02", "57P05":
            // admin_shutdown (pg_terminate_backend, or a fast shutdown), crash_shutdown,
            // idle_session_timeout: this session ended, the server is (or was) there.
            return connectionClosed(location, said)
        default:
            if state.hasPrefix("57P") || state.hasPrefix("08") {
                return unreachable(location, said)
            }
            return QuarryError(.internal, "PostgreSQL at \(location): \(said)")
        }
    }
}
