import PostgresNIO
import QuarryCore
import Synchronization

/// A leased connection whose every query is bounded: a query on a connection already
/// closed fails at once, one still unanswered half a second after its connection closed
/// fails as ``QuarryError/Kind/unavailable``, and so does one the server has not answered
/// within ``deadline`` (the connection is then closed, so the server ends the transaction).
///
/// postgres-nio hands a query to the channel without a write promise: once a closed
/// channel has dropped its handlers (a backend terminated mid-transaction, then the
/// writer's next statement), the query's promise is never completed and its caller
/// would never resume. A check before sending narrows that window but cannot close it
/// (the channel may close between the check and the send), so a watch on the event loop
/// answers the caller instead and leaves the stuck task behind: no cause, known or not,
/// can hang a node.
struct PostgresSession: Sendable {
    let connection: PostgresConnection
    /// The longest one query may take to be answered (its rows then stream without one).
    let deadline: Duration
    /// The URL without its password, for messages.
    let location: String

    /// How often the watch looks at an unanswered query; a query unanswered at two looks
    /// in a row with its connection closed has been lost.
    static let watchInterval: TimeAmount = .milliseconds(250)

    /// Sends `query`; its rows. Throws ``QuarryError/Kind/unavailable`` when the
    /// connection is closed or the server does not answer within ``deadline``.
    @discardableResult
    func query(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        let connection = connection
        let closed = PostgresFailure.connectionClosed(location, "the connection closed under a query")
        guard !connection.isClosed else { throw closed }
        let answer = Answer()
        let timeout = PostgresFailure.noAnswer(location, within: deadline)
        let giveUp = NIODeadline.now() + .nanoseconds(Int64(deadline / .nanoseconds(1)))
        return try await withCheckedThrowingContinuation { continuation in
            answer.await(continuation)
            let watch = connection.eventLoop.scheduleRepeatedTask(
                initialDelay: Self.watchInterval, delay: Self.watchInterval
            ) { watch in
                if answer.sawClosed(connection.isClosed) {
                    answer.resume(.failure(closed))
                } else if NIODeadline.now() >= giveUp, answer.resume(.failure(timeout)) {
                    connection.close().whenComplete { _ in }
                }
                if answer.isAnswered { watch.cancel() }
            }
            Task {
                do {
                    answer.resume(.success(try await connection.query(query, logger: logger)))
                } catch {
                    answer.resume(.failure(error))
                }
                watch.cancel()
            }
        }
    }

    /// The one answer a query gets: its rows, its error or the watch's, whichever is first.
    private final class Answer: Sendable {
        private let continuation = Mutex<CheckedContinuation<PostgresRowSequence, any Error>?>(nil)
        private let closedLooks = Mutex(0)

        func await(_ waiting: CheckedContinuation<PostgresRowSequence, any Error>) {
            continuation.withLock { $0 = waiting }
        }

        var isAnswered: Bool { continuation.withLock { $0 == nil } }

        /// Counts a look of the watch; whether the connection was closed at this look
        /// and the one before while the query went unanswered.
        func sawClosed(_ closed: Bool) -> Bool {
            closedLooks.withLock { looks in
                looks = closed ? looks + 1 : 0
                return looks >= 2
            }
        }

        /// Resumes the caller unless it was resumed already; whether this call did.
        @discardableResult
        func resume(_ result: Result<PostgresRowSequence, any Error>) -> Bool {
            guard let waiting = continuation.withLock({ $0.take() }) else { return false }
            waiting.resume(with: result)
            return true
        }
    }
}
