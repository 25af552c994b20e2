import Foundation
import Hummingbird
import Synchronization

/// A fixed number of slots for one model's work (like llama.cpp server's `--parallel`),
/// shared by every client: a request takes a slot for as long as it runs (a streamed
/// answer until its last event is written), waits in a queue of bounded depth for one
/// to free, and is refused with 503 and `Retry-After` when the queue is full or its wait
/// passes the queue timeout. Work on the model, and the memory it holds, is bounded by
/// the slots whatever the clients do; a waiting request holds only its body.
final class ModelSlots: Sendable {
    /// The model and the setting that sizes its slots, for messages.
    let name: String
    let slots: Int
    let queueDepth: Int
    let queueTimeout: Duration
    private let state = Mutex(State())

    /// The slots taken and the requests waiting for one, in arrival order.
    private struct State {
        var running = 0
        var waiting: [(ticket: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextTicket = 0
    }

    /// `slots` slots for the `name` model, sized by `setting`, with `settings`' queue.
    init(_ settings: ServerSettings, name: String, setting: String, slots: Int) {
        self.name = "\(name) (\(setting))"
        self.slots = slots
        queueDepth = settings.queueDepth
        queueTimeout = settings.queueTimeout
    }

    /// ``run(_:)`` when `needed`, else `work` alone (a request that does not use the model).
    func run(if needed: Bool, _ work: () async throws -> Response) async throws -> Response {
        try await (needed ? run(work) : work())
    }

    /// The response of `work`, run while holding a slot; the slot is given back once
    /// the response's body is written (or `work` throws).
    /// - Throws: 503 with `Retry-After` when no slot frees in time.
    func run(_ work: () async throws -> Response) async throws -> Response {
        try await acquire()
        do {
            return try await work().onBodyWritten { self.release() }
        } catch {
            release()
            throw error
        }
    }

    /// Takes a slot, waiting in the queue for one when all are taken.
    func acquire() async throws {
        let ticket: Int? = try state.withLock { state in
            if state.running < slots {
                state.running += 1
                return nil
            }
            guard state.waiting.count < queueDepth else { throw busy("its queue of \(queueDepth) is full") }
            state.nextTicket += 1
            return state.nextTicket
        }
        guard let ticket else { return }
        // The timer starts once the request is in the queue, so it cannot fire before.
        let timer = Mutex<Task<Void, any Error>?>(nil)
        defer { timer.withLock { $0?.cancel() } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { $0.waiting.append((ticket, continuation)) }
                let timeout = queueTimeout
                timer.withLock {
                    $0 = Task {
                        try await Task.sleep(for: timeout)
                        self.giveUp(ticket, with: self.busy("no slot freed within \(timeout)"))
                    }
                }
                if Task.isCancelled { giveUp(ticket, with: CancellationError()) }
            }
        } onCancel: {
            giveUp(ticket, with: CancellationError())
        }
    }

    /// Gives a slot back: to the longest waiting request, else to the pool.
    func release() {
        let next = state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil as CheckedContinuation<Void, any Error>?
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume()
    }

    /// Ends the wait of `ticket`, if it still waits, with `error`.
    private func giveUp(_ ticket: Int, with error: any Error) {
        let continuation = state.withLock { state in
            state.waiting.firstIndex { $0.ticket == ticket }.map { state.waiting.remove(at: $0).continuation }
        }
        continuation?.resume(throwing: error)
    }

    private func busy(_ reason: String) -> HTTPError {
        let seconds = max(1, Int(queueTimeout.components.seconds))
        return HTTPError(
            .serviceUnavailable, headers: [.retryAfter: String(seconds)],
            message: "all \(slots) slots of the \(name) are busy and \(reason); retry after \(seconds) s"
        )
    }
}
