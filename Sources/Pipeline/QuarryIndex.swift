import DenseIndex
import Embedding
import Foundation
import Models
import QuarryCore
import SparseIndex
import Store

/// An index opened for queries, kept current: every query reads one consistent
/// generation, and when a writer (another `quarry index`, a document upload, another
/// node) has committed, the in-memory BM25 and dense indexes catch up by replaying the
/// logged chunk changes (for a file, before the next query; for a shared store, as the
/// node follows the change log). A server sees new and deleted
/// documents without a restart, and never mixes two generations in one answer. The
/// retrievers (``retriever``, ``retriever(_:)``) rank inside that state: BM25, dense and
/// hybrid are each their own `IndexRetriever`, reading it through
/// ``ranked(readingText:_:)``.
///
/// The store is an index file (SQLite: read synchronously, its BM25 segments sealed
/// into it and their postings read per query) or a shared database (PostgreSQL: read
/// asynchronously, every chunk's term counts and the dense codes held in memory,
/// ``SharedIndexLoading``).
public final class QuarryIndex: @unchecked Sendable {
    // @unchecked: `state`, `lastFreshCheck`, `unreachable`, `following` and `running` are only read and replaced under `lock`.
    /// The store the index reads.
    public let store: any IndexStore
    /// The store when it is an index file; nil for a shared store.
    public var file: QuarryStore? { backing?.store }
    public let settings: IndexSettings
    /// Which retriever ``retriever`` is (chosen at open).
    public let kind: RetrieverKind
    public let fusion: HybridFusion
    /// Embeds questions for dense and hybrid retrieval.
    public let embedder: (any Embedder)?
    /// Why this index, which has embeddings, is searched by BM25 only: its embedding
    /// model could not be loaded. A request for dense or hybrid retrieval fails with it
    /// (a 503 from a server), not as if the index had no embeddings.
    private let modelFailure: ModelError?
    /// How chunk text was analysed into BM25 terms, and so how questions are.
    let analyzer = Analyzer()
    private let lock = NSLock()
    private var state: IndexState {
        didSet { lastFreshCheck = nil }
    }
    /// When the state was last found current by ``freshState(of:)``.
    private var lastFreshCheck: ContinuousClock.Instant?
    /// Since when and why a shared store could not be read (``staleness``).
    private var unreachable: (since: Date, reason: QuarryError)?
    /// The task following a shared store's change log (``follow()``).
    private var following: Task<Void, Never>?
    /// The background jobs running (at most one of each kind).
    private var running: Set<BackgroundJob> = []
    /// The index file with its sealed BM25 segments and the posting lists decoded from
    /// them; nil for a shared store, which holds none.
    private let backing: SQLiteSegmentStorage?
    /// In-memory BM25 documents past which a refresh seals them into the file.
    private let sealThreshold: Int

    /// Work on the BM25 segments done off the query path, one job of a kind at a time.
    private enum BackgroundJob {
        /// Merging in-memory segments (``BM25Index/mergePlan(policy:)``).
        case merge
        /// Sealing the in-memory segments into the file (``BM25Loading/seal(_:base:at:store:)``).
        case seal
    }

    private init(store: any IndexStore, settings: IndexSettings, kind: RetrieverKind, fusion: HybridFusion,
                 embedder: (any Embedder)?, modelFailure: ModelError?, state: IndexState,
                 segmentStorage: SQLiteSegmentStorage?, sealThreshold: Int) {
        self.store = store
        self.settings = settings
        self.kind = kind
        self.fusion = fusion
        self.embedder = embedder
        self.modelFailure = modelFailure
        self.state = state
        self.backing = segmentStorage
        self.sealThreshold = sealThreshold
    }

    /// Opens the index file at `url`; it must exist. `kind` nil picks hybrid when the
    /// index has embeddings (and `embedder` is given and loaded), else BM25; an
    /// ``UnavailableEmbedder`` leaves the index on BM25 and makes a later request for
    /// dense or hybrid retrieval fail with the model's error. `progress` hears of the one
    /// slow step an open can take: sealing the BM25 segments of a file that has none
    /// (written by a Quarry before them).
    public static func open(
        _ url: URL, kind: RetrieverKind? = nil, embedder given: (any Embedder)? = nil, fusion: HybridFusion = .init(),
        progress: (String) -> Void = { _ in }
    ) throws -> QuarryIndex {
        try open(url, kind: kind, embedder: given, fusion: fusion, sealThreshold: BM25Loading.sealThreshold, progress: progress)
    }

    /// ``open(_:kind:embedder:fusion:progress:)`` sealing the in-memory BM25 documents
    /// past `sealThreshold` chunks instead of 20,000 (tests seal often).
    public static func open(
        _ url: URL, kind: RetrieverKind?, embedder given: (any Embedder)?, fusion: HybridFusion, sealThreshold: Int,
        progress: (String) -> Void = { _ in }
    ) throws -> QuarryIndex {
        let unavailable = given as? UnavailableEmbedder
        let embedder = unavailable == nil ? given : nil
        let store = try QuarryStore(url: url, create: false)
        let settings = try IndexMetadata.settings(of: store)
        let (hasDense, model) = try store.read { snapshot in
            (try snapshot.hasDenseIndex(), try snapshot.meta(IndexMetadata.embedderKey))
        }
        let chosen = try choose(
            kind, hasDense: hasDense, model: model, embedder: embedder, unavailable: unavailable, name: url.path
        )
        let storage = SQLiteSegmentStorage(store: store, cache: PostingCache())
        let index = QuarryIndex(
            store: store, settings: settings, kind: chosen, fusion: fusion, embedder: embedder,
            modelFailure: hasDense ? unavailable?.reason : nil,
            state: try store.read { snapshot in
                try IndexState.load(from: snapshot, storage: storage, parameters: settings.bm25, withDense: chosen != .bm25)
            },
            segmentStorage: storage, sealThreshold: sealThreshold
        )
        // An index no seal covers yet (written before sealed segments, or by a writer
        // that did not seal) is sealed once here, so later opens read postings on demand.
        if !store.isReadOnly, BM25Loading.sealIsDue(index.state.bm25, threshold: sealThreshold) {
            let chunks = index.state.bm25.residentDocumentCount
            if chunks >= BM25Loading.sealThreshold {
                progress("sealing the BM25 index of \(chunks) chunks into \(url.lastPathComponent) (once: later opens read postings on demand)")
            }
            index.seal(index.state, into: storage)
        }
        return index
    }

    /// Opens the index a shared store holds (PostgreSQL, named by a `postgres://` URL; an
    /// index file goes through ``open(_:kind:embedder:fusion:progress:)``): every chunk's
    /// term counts and text and, for dense or hybrid retrieval, the dense index are read
    /// into memory (``SharedIndexLoading``), and queries are answered from that state.
    /// `following` keeps it current in the background (a server, a REPL: see
    /// ``follow()``); without it, it stays as opened unless ``catchUp()`` is called (a
    /// one-shot question, an evaluation). `kind` and `given` as for a file. The caller
    /// closes `store` once done with the index.
    public static func open(
        shared store: any IndexStore, kind: RetrieverKind? = nil, embedder given: (any Embedder)? = nil,
        fusion: HybridFusion = .init(), following: Bool = false
    ) async throws -> QuarryIndex {
        let unavailable = given as? UnavailableEmbedder
        let embedder = unavailable == nil ? given : nil
        // One snapshot: the settings, the retriever's choice and the state agree.
        let (settings, chosen, hasDense, state) = try await store.withSnapshot { snapshot in
            let settings = try IndexMetadata.settings(json: try await snapshot.meta(IndexMetadata.settingsKey))
            let stored = try await snapshot.denseParameters()
            let chosen = try choose(
                kind, hasDense: stored != nil, model: try await snapshot.meta(IndexMetadata.embedderKey),
                embedder: embedder, unavailable: unavailable, name: store.location.description
            )
            let state = try await SharedIndexLoading.load(
                from: snapshot, parameters: settings.bm25, dense: chosen == .bm25 ? nil : stored
            )
            return (settings, chosen, stored != nil, state)
        }
        let index = QuarryIndex(
            store: store, settings: settings, kind: chosen, fusion: fusion, embedder: embedder,
            modelFailure: hasDense ? unavailable?.reason : nil, state: state, segmentStorage: nil,
            sealThreshold: BM25Loading.sealThreshold
        )
        // The open read the chunks a batch at a time, one BM25 segment each: merged in
        // the background while queries are answered.
        index.scheduleMerge()
        if following { index.follow() }
        return index
    }

    /// The retriever an open picks (see ``open(_:kind:embedder:fusion:progress:)``) for an
    /// index named `name` that has a dense index or not, embedded with `model`.
    private static func choose(
        _ kind: RetrieverKind?, hasDense: Bool, model: String?, embedder: (any Embedder)?,
        unavailable: UnavailableEmbedder?, name: String
    ) throws -> RetrieverKind {
        if kind != .bm25, hasDense, let embedder, let model, model != IndexMetadata.embedderName(embedder) {
            throw QuarryError(
                .conflict,
                "\(name) was embedded with \(model), but this Quarry has \(IndexMetadata.embedderName(embedder)); "
                    + "re-index into a new --index file"
            )
        }
        switch kind {
        case .bm25: return .bm25
        case nil: return hasDense && embedder != nil ? .hybrid : .bm25
        case let wanted?:
            guard hasDense else {
                throw QuarryError(
                    .invalidInput,
                    "\(name) has no embeddings for --retriever \(wanted.rawValue); index it with --embedder local, or use --retriever bm25"
                )
            }
            guard embedder != nil else {
                if let unavailable { throw unavailable.reason }
                throw QuarryError(
                    .invalidInput,
                    "--retriever \(wanted.rawValue) embeds the question, but no embedder is loaded "
                        + "(--embedder none, or its model is missing); \(name) was embedded with "
                        + "\(model ?? "an unnamed model"): use "
                        + "--embedder local or openai to match it, or --retriever bm25"
                )
            }
            return wanted
        }
    }

    /// The index's name in messages: the file's name, or the database URL without its password.
    public var name: String { file?.url.lastPathComponent ?? store.location.description }

    /// Names the index among others a process opens (caches keyed by chunk id need it:
    /// chunk ids are unique only within one index).
    public var identity: String { file?.url.standardizedFileURL.path ?? store.location.description }

    /// The index generation the in-memory structures are at.
    public var generation: Int64 { lock.withLock { state.generation.generation } }

    /// The retriever the index was opened for (``kind``).
    public var retriever: any Retriever { kind.retriever(over: self) }

    /// The `k` best chunk ids for `question` by ``kind``, best first, without reading their
    /// text (for evaluation and benchmarks).
    public func rank(_ question: String, k: Int) async throws -> [ScoredID] {
        try await kind.retriever(over: self).rank(question, k: k)
    }

    /// The retriever of `kind` over this index, instead of ``kind``'s (a request's `retriever`).
    /// - Throws: an invalid-input error when `kind` needs embeddings and this index was
    ///   opened for BM25 only (it has none, or BM25 was chosen at start); the
    ///   ``ModelError`` when it was opened for BM25 because its model could not be loaded.
    public func retriever(_ kind: RetrieverKind) throws -> any Retriever {
        guard kind == self.kind || kind == .bm25 || self.kind != .bm25 else {
            if let modelFailure { throw modelFailure }
            throw QuarryError.invalidInput(
                "retriever \(kind.rawValue) needs embeddings, and \(name) is searched by BM25 "
                    + "only here (it has no embeddings, or bm25 was chosen at start); ask for \"bm25\""
            )
        }
        return kind.retriever(over: self)
    }

    /// How long a ranking-only query (``rank(_:k:)``) trusts the last check that the
    /// in-memory index is current. Retrievals with text (a retriever's `retrieve`) always check.
    public static let freshnessInterval: Duration = .milliseconds(10)

    /// `body` on the in-memory state alone when it is known current (checked within
    /// ``freshnessInterval``), for a ranking that needs nothing from the file then; nil
    /// when the state is not known current, or when a stored segment it held is gone
    /// (the state is reloaded first), and always for a shared store: rank through
    /// ``ranked(readingText:_:)`` instead.
    func readCurrent<T>(_ body: (IndexState) throws -> T) throws -> T? {
        guard let backing, let state = try freshState(of: backing.store) else { return nil }
        do {
            return try body(state)
        } catch is StoredSegmentGone {
            try reload(backing)
            return nil
        }
    }

    /// The in-memory state when it is known current (checked within
    /// `freshnessInterval`), else nil.
    private func freshState(of file: QuarryStore) throws -> IndexState? {
        let now = ContinuousClock.now
        let (state, checked) = lock.withLock { (self.state, lastFreshCheck) }
        if let checked, now - checked < Self.freshnessInterval { return state }
        guard try file.generationNumber() == state.generation.generation else { return nil }
        lock.withLock { if self.state.generation == state.generation { lastFreshCheck = now } }
        return state
    }

    /// A ranking made at one generation of the index: the hits, the best dense score,
    /// and (when asked for) the ranked chunks that still exist, in rank order.
    struct RankedRead: Sendable {
        var hits: [ScoredID]
        var bestSimilarity: Float?
        var chunks: [StoredChunk]
        var generation: Int64
    }

    /// What ``ranked(readingText:_:)`` runs: a ranking in one state, with the stored
    /// vectors of that state's generation.
    typealias Ranking = @Sendable (IndexState, any VectorSource) throws -> (hits: [ScoredID], bestSimilarity: Float?)

    /// Runs `rank` on the in-memory state and reads the ranked chunks' text in the same
    /// generation when `readingText`. An index file is read in one SQLite read
    /// transaction at its current generation, the state caught up first when the file
    /// has moved on (off the cooperative pool when reading text); a shared store's state
    /// is the one ``follow()`` or ``catchUp()`` keeps, `rank` running again once the
    /// vectors it asked for are fetched (``FetchedVectors``).
    func ranked(readingText: Bool, _ rank: @escaping Ranking) async throws -> RankedRead {
        guard let backing else { return try await rankedShared(readingText: readingText, rank) }
        let body = { @Sendable [self] in
            try read(backing) { state, snapshot in
                let ranking = try rank(state, SnapshotVectorSource(snapshot: snapshot))
                return RankedRead(
                    hits: ranking.hits, bestSimilarity: ranking.bestSimilarity,
                    chunks: readingText ? try snapshot.chunks(ids: ranking.hits.map(\.id)) : [],
                    generation: state.generation.generation
                )
            }
        }
        return readingText ? try await Offload.run(body) : try body()
    }

    /// Runs `body` on the in-memory state and a snapshot of `file` of the same generation,
    /// catching the state up first when the file has moved on. The catch-up (a new BM25
    /// segment for the chunks written, deletions marked: work in proportion to the
    /// writes) runs outside `lock`, so queries on the current state never wait for it;
    /// only the swap is locked. `body` runs again, at a newer snapshot, when another query
    /// refreshed past this one's, or after a reload when it throws ``StoredSegmentGone``.
    private func read<T>(_ file: SQLiteSegmentStorage, _ body: (IndexState, StoreSnapshot) throws -> T) throws -> T {
        while true {
            let outcome: T?
            do {
                outcome = try file.store.read { snapshot in
                    let current = try snapshot.generation().generation
                    var state = lock.withLock { self.state }
                    if state.generation.generation < current {
                        state = try state.refreshed(
                            to: snapshot, storage: file, parameters: settings.bm25, withDense: kind != .bm25
                        )
                        adopt(state)
                    }
                    // A state newer than this snapshot: another query refreshed past it;
                    // read again at a newer snapshot.
                    guard state.generation.generation == current else { return nil }
                    return try body(state, snapshot)
                }
            } catch is StoredSegmentGone {
                try reload(file)
                continue
            }
            if let outcome { return outcome }
        }
    }

    /// ``ranked(readingText:_:)`` over a shared store: the in-memory state as it is (kept
    /// current by ``follow()`` or ``catchUp()``), ranked off the cooperative pool, the
    /// chunks' text from the state; the store is read only for the vectors exact
    /// re-scoring needs, and not at all while it is known to be out of reach.
    private func rankedShared(readingText: Bool, _ rank: @escaping Ranking) async throws -> RankedRead {
        let (state, stale) = lock.withLock { (self.state, unreachable != nil) }
        var vectors = FetchedVectors()
        if stale { vectors.markUnreachable() }
        while true {
            do {
                let fetched = vectors
                let ranking = try await Offload.run { try rank(state, fetched) }
                return RankedRead(
                    hits: ranking.hits, bestSimilarity: ranking.bestSimilarity,
                    chunks: readingText ? ranking.hits.compactMap { state.chunks[$0.id] } : [],
                    generation: state.generation.generation
                )
            } catch let needed as VectorsNeeded {
                do {
                    vectors.add(ids: needed.ids, vectors: try await store.withSnapshot { try await $0.vectors(for: needed.ids) })
                } catch let error as QuarryError where error.kind == .unavailable {
                    noteUnreachable(error)
                    vectors.markUnreachable()
                }
            }
        }
    }

    /// Brings the in-memory state of a shared store up to the store's generation now (a
    /// node after its own write, so its next answer has it; a readiness probe); a store
    /// out of reach is recorded in ``staleness``, not thrown, and a good read clears it.
    /// Nothing to do for an index file, whose queries check its generation themselves.
    public func catchUp() async throws {
        guard backing == nil else { return }
        while true {
            let caughtUp: Bool
            do {
                caughtUp = try await store.withSnapshot { snapshot in
                    let current = try await snapshot.generation().generation
                    let state = lock.withLock { self.state }
                    if state.generation.generation < current {
                        adopt(try await SharedIndexLoading.refreshed(
                            state, to: snapshot, parameters: settings.bm25, withDense: kind != .bm25
                        ))
                    }
                    // Another catch-up went past this snapshot: read again at a newer one.
                    return lock.withLock { self.state.generation.generation } <= current
                }
            } catch let error as QuarryError where error.kind == .unavailable {
                noteUnreachable(error)
                return
            }
            lock.withLock { unreachable = nil }
            if caughtUp { return }
        }
    }

    /// Keeps a shared store's state current in the background: on each of an
    /// ``IndexFollower``'s wakes (the store's change signal, PostgreSQL's `NOTIFY`, or
    /// every second) the state catches up (``catchUp()``, which reads the change log
    /// itself); while the store is out of reach, ``staleness`` says so and the catch-up
    /// is tried again with back-off until a read succeeds. Ends with the index.
    private func follow() {
        let wakes = IndexFollower(store: store).wakes()
        let task = Task { [weak self] in
            for await _ in wakes {
                guard let self else { return }
                var backOff = Duration.milliseconds(200)
                while true {
                    try? await catchUp()
                    guard staleness != nil, !Task.isCancelled else { break }
                    try? await Task.sleep(for: backOff)
                    backOff = min(backOff * 2, .seconds(5))
                }
            }
        }
        lock.withLock { following = task }
    }

    deinit {
        following?.cancel()
    }

    /// Why this node answers from a state that may be behind the shared store (it cannot
    /// be reached) and since when; nil while it is current, and always for an index file.
    public var staleness: (since: Date, reason: QuarryError)? {
        lock.withLock { unreachable }
    }

    private func noteUnreachable(_ error: QuarryError) {
        lock.withLock { if unreachable == nil { unreachable = (Date(), error) } }
    }

    /// The stored vectors of `ids`, in that order (nil where a chunk has none or is gone).
    public func vectors(for ids: [Int64]) async throws -> [[Float]?] {
        if let file { return try await Offload.run { try file.read { try $0.vectors(for: ids) } } }
        return try await store.withSnapshot { try await $0.vectors(for: ids) }
    }

    /// Replaces the state with one opened afresh from the file (its stored segments
    /// as sealed now): after a seal, or when a stored segment the state held is gone.
    private func reload(_ file: SQLiteSegmentStorage) throws {
        let fresh = try file.store.read { snapshot in
            try IndexState.load(from: snapshot, storage: file, parameters: settings.bm25, withDense: kind != .bm25)
        }
        lock.withLock {
            if self.state.generation.generation <= fresh.generation.generation { self.state = fresh }
        }
    }

    /// Makes `state` the current one unless a newer one already is, then starts a
    /// segment merge and a seal if they are due.
    private func adopt(_ state: IndexState) {
        lock.withLock {
            if self.state.generation.generation < state.generation.generation { self.state = state }
        }
        scheduleMerge()
        scheduleSeal()
    }

    /// Runs the work `due` returns for the current state (nil: nothing due) on the
    /// bounded ``Offload`` pool, unless a `job` of the same kind is running; `due` is
    /// asked under `lock`. When the work returns true, the next due `job` starts after it.
    private func inBackground(
        _ job: BackgroundJob, ifDue due: @escaping @Sendable (IndexState) -> (@Sendable () -> Bool)?
    ) {
        let work: (@Sendable () -> Bool)? = lock.withLock {
            guard !running.contains(job), let work = due(state) else { return nil }
            running.insert(job)
            return work
        }
        guard let work else { return }
        Task { [self] in
            let again = (try? await Offload.run(work)) ?? false
            _ = lock.withLock { running.remove(job) }
            if again { inBackground(job, ifDue: due) }
        }
    }

    /// Seals the in-memory BM25 segments into the file in the background when
    /// ``BM25Loading/sealIsDue(_:threshold:)`` says so (a server taking writes).
    private func scheduleSeal() {
        guard let backing, !backing.store.isReadOnly else { return }
        inBackground(.seal) { [self] state in
            guard BM25Loading.sealIsDue(state.bm25, threshold: sealThreshold) else { return nil }
            return { [self] in
                seal(state, into: backing)
                return false
            }
        }
    }

    /// Seals `state`'s in-memory segments, then reopens the state from the file so they
    /// are read from there (also when another process sealed first: the state then
    /// takes up that seal). A seal that fails (the file busy with a long write) leaves
    /// the state as it is: it is correct either way, and a later refresh seals again.
    private func seal(_ state: IndexState, into file: SQLiteSegmentStorage) {
        guard (try? BM25Loading.seal(
            state.bm25, base: state.sealedGeneration, at: state.generation.generation, store: file.store
        )) != nil else { return }
        try? reload(file)
    }

    /// Merges in-memory BM25 segments in the background, one merge at a time, while
    /// queries go on reading the unmerged segments; the merged one is swapped in under
    /// `lock` (deletions made meanwhile carried over), then the next due merge starts.
    private func scheduleMerge() {
        inBackground(.merge) { [self] state in
            guard let plan = state.bm25.mergePlan() else { return nil }
            return { [self] in
                let merged = plan.run()
                lock.withLock {
                    var next = self.state
                    if next.bm25.install(merged) { self.state = next }
                }
                return true
            }
        }
    }
}

/// Exact re-scoring reads the float vectors from the same snapshot the query reads,
/// so the dense index keeps only codes in memory and never sees a half-written file.
private struct SnapshotVectorSource: VectorSource {
    let snapshot: StoreSnapshot

    func vectors(for ids: [Int64]) throws -> [[Float]?] {
        try snapshot.vectors(for: ids)
    }
}
