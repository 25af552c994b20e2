import PostgresNIO

/// `LISTEN`s on the change channel over a connection of its own and turns each
/// notification into a wake-up; reconnects with back-off (100 ms doubling to 5 s) when
/// the connection drops, and wakes once after each reconnect, since notifications sent
/// while it was away are lost (the follower catches up by generation).
///
/// The listening connection is checked every ``checkInterval`` with a `SELECT 1` bounded
/// by ``deadline`` (as every query of the store is): a connection the network dropped
/// without a word, or a server that stopped answering, would otherwise leave it waiting
/// for notifications forever; it is closed instead, and the listener reconnects.
struct PostgresListener: Sendable {
    let configuration: PostgresConnection.Configuration
    let channel: String
    let logger: Logger
    /// The longest the server may take to answer the `LISTEN` or a check.
    let deadline: Duration
    /// How often the listening connection is checked.
    let checkInterval: Duration
    /// The URL without its password, for messages.
    let location: String

    /// Wake-ups until the stream's consumer stops iterating.
    func signals() -> AsyncStream<Void> {
        let listener = self
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let task = Task {
                var backOff = Duration.milliseconds(100)
                var connectionID = 0
                while !Task.isCancelled {
                    connectionID += 1
                    do {
                        let connection = try await PostgresConnection.connect(
                            configuration: listener.configuration, id: connectionID, logger: listener.logger
                        )
                        let check = listener.check(connection)
                        defer {
                            check.cancel()
                            Task { try? await connection.close() }
                        }
                        try await connection.listen(on: listener.channel) { notifications in
                            backOff = .milliseconds(100)
                            continuation.yield()
                            for try await _ in notifications { continuation.yield() }
                        }
                    } catch {
                        listener.logger.debug("LISTEN \(listener.channel): \(error); reconnecting in \(backOff)")
                    }
                    try? await Task.sleep(for: backOff)
                    backOff = min(backOff * 2, .seconds(5))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Checks `connection` every ``checkInterval`` until cancelled; closes it (ending the
    /// `LISTEN`, so the listener reconnects) once a check fails or goes unanswered.
    private func check(_ connection: PostgresConnection) -> Task<Void, Never> {
        let session = PostgresSession(connection: connection, deadline: deadline, location: location)
        let (interval, logger, channel) = (checkInterval, logger, channel)
        return Task {
            while (try? await Task.sleep(for: interval)) != nil {
                do {
                    try await session.query("SELECT 1", logger: logger)
                } catch {
                    logger.debug("LISTEN \(channel): the connection failed its check (\(error)); reconnecting")
                    try? await connection.close()
                    return
                }
            }
        }
    }
}
