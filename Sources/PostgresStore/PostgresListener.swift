import PostgresNIO

/// `LISTEN`s on the change channel over a connection of its own and turns each
/// notification into a wake-up; reconnects with back-off (100 ms doubling to 5 s) when
/// the connection drops, and wakes once after each reconnect, since notifications sent
/// while it was away are lost (the follower catches up by generation).
struct PostgresListener: Sendable {
    let configuration: PostgresConnection.Configuration
    let channel: String
    let logger: Logger

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
                        defer { Task { try? await connection.close() } }
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
}
