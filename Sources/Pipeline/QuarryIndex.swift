import Embedding
import Foundation
import Models
import QuarryCore
import SparseIndex
import Store

/// An index file opened for queries, kept current: every query reads one consistent
/// generation of the file, and when a writer (another `quarry index`, a document
/// upload) has committed since, the in-memory BM25 and dense indexes first catch up
/// by replaying the logged chunk changes. A server sees new and deleted documents
/// without a restart, and never mixes two generations in one answer. The retrievers
/// (``retriever``, ``retriever(_:)``) rank inside that state: BM25, dense and hybrid are
/// each their own `IndexRetriever`, reading it through ``read(_:)``.
public final class QuarryIndex: @unchecked Sendable {
    // @unchecked: `state`, `lastFreshCheck` and `running` are only read and replaced under `lock`.
    public let store: QuarryStore
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
    /// When the state was last found current by ``freshState()``.
    private var lastFreshCheck: ContinuousClock.Instant?
    /// The background jobs running (at most one of each kind).
    private var running: Set<BackgroundJob> = []
    /// The file's sealed BM25 segments, and the posting lists decoded from them.
    private let segmentStorage: SQLiteSegmentStorage
    /// In-memory BM25 documents past which a refresh seals them into the file.
    private let sealThreshold: Int

    /// Work on the BM25 segments done off the query path, one job of a kind at a time.
    private enum BackgroundJob {
        /// Merging in-memory segments (``BM25Index/mergePlan(policy:)``).
        case merge
        /// Sealing the in-memory segments into the file (``BM25Loading/seal(_:base:at:store:)``).
        case seal
    }

    private init(store: QuarryStore, settings: IndexSettings, kind: RetrieverKind, fusion: HybridFusion,
                 embedder: (any Embedder)?, modelFailure: ModelError?, state: IndexState,
                 segmentStorage: SQLiteSegmentStorage, sealThreshold: Int) {
        self.store = store
        self.settings = settings
        self.kind = kind
        self.fusion = fusion
        self.embedder = embedder
        self.modelFailure = modelFailure
        self.state = state
        self.segmentStorage = segmentStorage
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
        if kind != .bm25, hasDense, let embedder, let model, model != IndexMetadata.embedderName(embedder) {
            throw QuarryError(
                .conflict,
                "\(url.path) was embedded with \(model), but this Quarry has \(IndexMetadata.embedderName(embedder)); "
                    + "re-index into a new --index file"
            )
        }
        let chosen: RetrieverKind
        switch kind {
        case .bm25: chosen = .bm25
        case nil: chosen = hasDense && embedder != nil ? .hybrid : .bm25
        case let wanted?:
            guard hasDense else {
                throw QuarryError(
                    .invalidInput,
                    "\(url.path) has no embeddings for --retriever \(wanted.rawValue); index it with --embedder local, or use --retriever bm25"
                )
            }
            guard embedder != nil else {
                if let unavailable { throw unavailable.reason }
                throw QuarryError(
                    .invalidInput,
                    "--retriever \(wanted.rawValue) embeds the question, but no embedder is loaded "
                        + "(--embedder none, or its model is missing); \(url.path) was embedded with "
                        + "\(model ?? "an unnamed model"): use "
                        + "--embedder local or openai to match it, or --retriever bm25"
                )
            }
            chosen = wanted
        }
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
            index.seal(index.state)
        }
        return index
    }

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
                "retriever \(kind.rawValue) needs embeddings, and \(store.url.lastPathComponent) is searched by BM25 "
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
    /// (the state is reloaded first): read through ``read(_:)`` instead.
    func readCurrent<T>(_ body: (IndexState) throws -> T) throws -> T? {
        guard let state = try freshState() else { return nil }
        do {
            return try body(state)
        } catch is StoredSegmentGone {
            try reload()
            return nil
        }
    }

    /// The in-memory state when it is known current (checked within
    /// `freshnessInterval`), else nil.
    private func freshState() throws -> IndexState? {
        let now = ContinuousClock.now
        let (state, checked) = lock.withLock { (self.state, lastFreshCheck) }
        if let checked, now - checked < Self.freshnessInterval { return state }
        guard try store.generationNumber() == state.generation.generation else { return nil }
        lock.withLock { if self.state.generation == state.generation { lastFreshCheck = now } }
        return state
    }

    /// Runs `body` on the in-memory state and a store snapshot of the same generation,
    /// catching the state up first when the file has moved on. The catch-up (a new BM25
    /// segment for the chunks written, deletions marked: work in proportion to the
    /// writes) runs outside `lock`, so queries on the current state never wait for it;
    /// only the swap is locked. `body` runs again, at a newer snapshot, when another query
    /// refreshed past this one's, or after a reload when it throws ``StoredSegmentGone``.
    func read<T>(_ body: (IndexState, StoreSnapshot) throws -> T) throws -> T {
        while true {
            let outcome: T?
            do {
                outcome = try store.read { snapshot in
                    let current = try snapshot.generation().generation
                    var state = lock.withLock { self.state }
                    if state.generation.generation < current {
                        state = try state.refreshed(
                            to: snapshot, storage: segmentStorage, parameters: settings.bm25, withDense: kind != .bm25
                        )
                        adopt(state)
                    }
                    // A state newer than this snapshot: another query refreshed past it;
                    // read again at a newer snapshot.
                    guard state.generation.generation == current else { return nil }
                    return try body(state, snapshot)
                }
            } catch is StoredSegmentGone {
                try reload()
                continue
            }
            if let outcome { return outcome }
        }
    }

    /// Replaces the state with one opened afresh from the file (its stored segments
    /// as sealed now): after a seal, or when a stored segment the state held is gone.
    private func reload() throws {
        let fresh = try store.read { snapshot in
            try IndexState.load(from: snapshot, storage: segmentStorage, parameters: settings.bm25, withDense: kind != .bm25)
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
        guard !store.isReadOnly else { return }
        inBackground(.seal) { [self] state in
            guard BM25Loading.sealIsDue(state.bm25, threshold: sealThreshold) else { return nil }
            return { [self] in
                seal(state)
                return false
            }
        }
    }

    /// Seals `state`'s in-memory segments, then reopens the state from the file so they
    /// are read from there (also when another process sealed first: the state then
    /// takes up that seal). A seal that fails (the file busy with a long write) leaves
    /// the state as it is: it is correct either way, and a later refresh seals again.
    private func seal(_ state: IndexState) {
        guard (try? BM25Loading.seal(
            state.bm25, base: state.sealedGeneration, at: state.generation.generation, store: store
        )) != nil else { return }
        try? reload()
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
