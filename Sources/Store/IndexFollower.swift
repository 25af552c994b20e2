import QuarryCore

/// What a node following an index's change log must do next.
public enum IndexUpdate: Sendable, Equatable {
    /// Apply these chunk changes; the index is now at `to` (compare its
    /// `denseGeneration` with the one held to know whether to reload the dense index).
    case changes(ChunkChanges, to: IndexGeneration)
    /// The node fell behind the log's start: rebuild everything from a snapshot at `at`.
    case reload(at: IndexGeneration)
    /// The store cannot be reached: the node's state is stale until the next update.
    case unavailable(QuarryError)
}

/// Follows an index's change log from a generation on: wakes on the store's change
/// signal (PostgreSQL's `NOTIFY`) or every `pollInterval`, reads the generation, and
/// yields the net changes since the last one seen, a reload when that one is older than
/// the log's start, or (once per outage) that the store is unreachable, retrying with
/// back-off until it is back.
public struct IndexFollower: Sendable {
    public let store: any IndexStore
    /// The longest wait between two checks, even without a signal.
    public var pollInterval: Duration
    /// The longest wait between two attempts while the store is unreachable.
    public var maximumBackOff: Duration

    public init(store: any IndexStore, pollInterval: Duration = .seconds(1), maximumBackOff: Duration = .seconds(5)) {
        self.store = store
        self.pollInterval = pollInterval
        self.maximumBackOff = maximumBackOff
    }

    /// A wake at once, then each time the store signals a change (PostgreSQL's `NOTIFY`)
    /// and every `pollInterval`, until the stream's consumer stops iterating; a burst of
    /// reasons is one wake. For a node that catches up by itself on each.
    public func wakes() -> AsyncStream<Void> {
        let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wake.yield()
        let interval = pollInterval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                wake.yield()
            }
        }
        let forwarder = store.changeSignals().map { signals in
            Task {
                for await _ in signals { wake.yield() }
            }
        }
        wake.onTermination = { _ in
            ticker.cancel()
            forwarder?.cancel()
        }
        return wakes
    }

    /// The updates after `generation`, until the stream's consumer stops iterating: on
    /// each wake (``wakes()``), the check is made, and made again with back-off while the
    /// store cannot be reached.
    public func updates(after generation: Int64) -> AsyncStream<IndexUpdate> {
        let follower = self
        return AsyncStream { continuation in
            let task = Task {
                var current = generation
                var failing = false
                for await _ in follower.wakes() {
                    var backOff = Duration.milliseconds(100)
                    retrying: while !Task.isCancelled {
                        do {
                            switch try await follower.check(after: current) {
                            case .changes(let changes, let to)?:
                                continuation.yield(.changes(changes, to: to))
                                current = to.generation
                            case .reload(let at)?:
                                continuation.yield(.reload(at: at))
                                current = at.generation
                            case .unavailable, nil:
                                break
                            }
                            failing = false
                            break retrying
                        } catch {
                            if !failing {
                                continuation.yield(.unavailable(Self.quarryError(error)))
                                failing = true
                            }
                            try? await Task.sleep(for: backOff)
                            backOff = min(backOff * 2, follower.maximumBackOff)
                        }
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The update that brings a node at generation `current` up to date, or nil when it is.
    public func check(after current: Int64) async throws -> IndexUpdate? {
        try await store.withSnapshot { snapshot in
            let generation = try await snapshot.generation()
            guard generation.generation != current else { return nil }
            guard current + 1 >= generation.logStart, current < generation.generation else {
                return .reload(at: generation)
            }
            return .changes(try await snapshot.changes(since: current), to: generation)
        }
    }

    private static func quarryError(_ error: any Error) -> QuarryError {
        (error as? QuarryError) ?? QuarryError(.unavailable, "the index cannot be read (\(error)); retrying")
    }
}
