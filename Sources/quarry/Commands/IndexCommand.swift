import ArgumentParser
import Foundation
import QuarryCore
import Pipeline
import Store

/// `quarry index PATH…`: adds files and folders to the index, skipping unchanged files.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index files and folders (.txt .md .html .pdf, BEIR .jsonl) into the index (a file, or a PostgreSQL database).",
        discussion: """
            Re-running skips unchanged files (same SHA-256), replaces changed ones and removes \
            files that were indexed from a folder and are gone. Each file is written in one \
            transaction: an interrupted run leaves the index readable, and running again finishes it. \
            With --index postgres://USER@HOST:PORT/DB the index is written to PostgreSQL (words only so far: \
            pass --embedder none).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var chunking: ChunkingOptions
    @OptionGroup var embedding: EmbeddingOptions

    @Flag(help: "Retrain the dense index (k-means and product quantizer) on all vectors.")
    var retrain: Bool = false

    @Flag(help: "Follow symbolic links that lead outside the given folders (by default they are reported and skipped).")
    var followSymlinks: Bool = false

    @Argument(help: "Files or folders to index (folders recursively).")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder to index") }
    }

    func run() async throws {
        let store = try await global.openStore(create: true)
        do {
            try await index(into: store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    private func index(into store: any IndexStore) async throws {
        // A read-only file is refused before any model loads.
        if let problem = store.writeProblem { throw problem }
        var settings = try chunking.settings()
        settings.denseSpec = embedding.denseSpec
        let pipeline = try IngestPipeline(
            store: store, settings: settings, embedder: try await embedding.make(), followSymlinks: followSymlinks,
            secondsPerDocument: chunking.secondsPerDocument
        )
        let fileBar = ProgressBar(label: "indexing")
        let embeddingBar = ProgressBar(label: "embedding")
        let corpusBar = ProgressBar(label: "corpus")
        let scoringBar = ProgressBar(label: "scoring")
        let report = try await pipeline.run(paths: paths.map { URL(fileURLWithPath: $0) }, retrain: retrain) { progress in
            switch progress.stage {
            case .files: fileBar.update(done: progress.done, total: progress.total, detail: progress.path)
            case .embedding: embeddingBar.update(done: progress.done, total: progress.total, detail: progress.path)
            case .corpus: corpusBar.update(corpus: progress, embedding: pipeline.embedder != nil)
            case .scoring:
                let rate = progress.tokensPerSecond.map { String(format: "%.0f tokens/s", $0) } ?? ""
                let left = progress.secondsLeft.map { String(format: ", about %.0fs left", $0) } ?? ""
                scoringBar.update(done: progress.done, total: progress.total, detail: rate + left)
            case .warning:
                Output.status("warning: \(progress.path): \(progress.message ?? "")")
            }
        }
        if global.json {
            try Output.json(report)
        } else {
            let size = try await store.size()
            print(
                String(
                    format: "indexed %d, skipped %d unchanged, removed %d, failed %d; %d new chunks in %.1fs",
                    report.indexed, report.skipped, report.removed, report.failed.count, report.chunks, report.seconds
                )
            )
            print("\(global.indexName): \(size.documents) documents, \(size.chunks) chunks")
            if let dense = report.dense {
                print("dense index \(dense.spec): \(dense.vectors) vectors" + (dense.trained ? " (trained)" : ""))
            }
            for failure in report.failed {
                Output.status("failed: \(failure.path): \(failure.error)")
            }
        }
        if report.indexed + report.skipped == 0 && !report.failed.isEmpty {
            throw ExitCode(1)
        }
    }
}
