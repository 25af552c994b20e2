import ArgumentParser
import Embedding
import Foundation
import Pipeline

/// How `ask`, `serve` and `eval` retrieve: the retriever and the embedder behind it.
struct RetrievalOptions: ParsableArguments {
    @Option(help: "bm25 (words), dense (embeddings) or hybrid (both, fused); default: hybrid when the index has embeddings.")
    var retriever: RetrieverKind?

    /// The embedder for dense and hybrid retrieval, or nil for BM25. Without an explicit
    /// retriever, a missing model falls back to BM25 with a note on stderr, and `failed`
    /// gets why (`serve` answers requests that need the model with it).
    func embedder(failed: (any Error) -> Void = { _ in }) throws -> (any Embedder)? {
        if retriever == .bm25 { return nil }
        do {
            return try LocalBertEmbedder()
        } catch {
            if retriever != nil { throw error }
            Output.status("note: using BM25 only (\(error))")
            failed(error)
            return nil
        }
    }

    /// Opens the index `--index` names with these options and `embedder`: a file, or a
    /// PostgreSQL database holding an index (`quarry index` creates it there), read into
    /// memory and, when `following`, kept current with the other nodes' writes (a server,
    /// a REPL). `progress` hears of a slow first open (see `QuarryIndex.open`).
    func open(
        _ global: GlobalOptions, embedder: (any Embedder)?, following: Bool, progress: (String) -> Void = Output.status
    ) async throws -> QuarryIndex {
        switch try global.location {
        case .sqlite(let url):
            return try QuarryIndex.open(url, kind: retriever, embedder: embedder, progress: progress)
        case .postgres:
            let store = try await global.openStore(create: false)
            do {
                return try await QuarryIndex.open(shared: store, kind: retriever, embedder: embedder, following: following)
            } catch {
                await store.close()
                throw error
            }
        }
    }
}

/// The embedder options of `index` and `eval`.
struct EmbeddingOptions: ParsableArguments {
    @Option(help: "Embed chunks for dense and hybrid retrieval with the local MiniLM model (local), an OpenAI-compatible server (openai, see --openai-url), or not (none).")
    var embedder: EmbedderKind = .local

    @OptionGroup var openAI: BackendOptions

    @Option(name: .customLong("dense-spec"), help: "The dense index (Flat, PQ48, IVF256,PQ48,RFlat …); default: chosen by collection size.")
    var denseSpec: String?

    /// The embedder to index with, or nil.
    func make() async throws -> (any Embedder)? {
        switch embedder {
        case .local: try LocalBertEmbedder()
        case .openai: try await openAI.embedder()
        case .none: nil
        }
    }
}

/// The embedders a user can name with `--embedder`.
enum EmbedderKind: String, ExpressibleByArgument, CaseIterable {
    case local, openai, none
}

extension RetrieverKind: ExpressibleByArgument {}
