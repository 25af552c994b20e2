import PostgresNIO
import QuarryCore
import Store

/// The connections one store holds to its database: idle ones are reused, new ones
/// opened on demand (each with a short connect timeout, so a request while the server
/// is away fails fast as ``QuarryError/Kind/unavailable`` instead of hanging). After a
/// failed connect, further requests fail at once until a back-off (doubling from 100 ms
/// up to ``maximumBackOff``) has passed; then the next request tries again, so the store
/// reconnects by itself when the server is back.
actor PostgresConnections {
    let configuration: PostgresConnection.Configuration
    /// The URL without its password, for messages.
    let description: String
    /// Idle connections kept for reuse; more are closed when released.
    let maximumIdle = 8
    /// The longest a request fails fast after a failed connect.
    let maximumBackOff: Duration = .seconds(2)
    /// The longest one query may wait for the server's answer (``PostgresSession``).
    let deadline: Duration

    private var idle: [PostgresConnection] = []
    private var nextID = 0
    private var failures = 0
    private var retryAt: ContinuousClock.Instant?
    private var lastFailure: QuarryError?
    private let logger = Logger(label: "quarry.postgres")

    init(location: PostgresLocation, deadline: Duration) throws {
        self.deadline = deadline
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: try Self.tls(location.sslMode)
        )
        configuration.options.connectTimeout = .seconds(3)
        self.configuration = configuration
        description = location.description
    }

    /// postgres-nio's TLS setting for libpq's `sslmode`.
    static func tls(_ mode: PostgresLocation.SSLMode) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .allow, .prefer, .require:
            tls.certificateVerification = .none
            return mode == .require ? .require(try NIOSSLContext(configuration: tls)) : .prefer(try NIOSSLContext(configuration: tls))
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(try NIOSSLContext(configuration: tls))
        }
    }

    /// An open connection: an idle one, else a new one.
    func lease() async throws -> PostgresConnection {
        while let connection = idle.popLast() {
            if !connection.isClosed { return connection }
        }
        if let retryAt, ContinuousClock.now < retryAt, let lastFailure { throw lastFailure }
        nextID += 1
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: nextID, logger: logger)
            failures = 0
            retryAt = nil
            lastFailure = nil
            return connection
        } catch {
            failures += 1
            let backOff = min(.milliseconds(100) * (1 << min(failures, 10)), maximumBackOff)
            retryAt = ContinuousClock.now + backOff
            // Whatever stopped the connect (refused, timed out, a login refused), the
            // server is not usable now.
            let failure = PostgresFailure.map(error, location: description) as? QuarryError
                ?? PostgresFailure.unreachable(description, "\(error)")
            lastFailure = failure
            throw failure
        }
    }

    /// Takes `connection` back: kept when `reusable` and still open, else closed.
    func release(_ connection: PostgresConnection, reusable: Bool) {
        if reusable, !connection.isClosed, idle.count < maximumIdle {
            idle.append(connection)
        } else {
            Task { try? await connection.close() }
        }
    }

    /// Closes every idle connection (the store is done).
    func closeAll() async {
        let closing = idle
        idle = []
        for connection in closing { try? await connection.close() }
    }
}
