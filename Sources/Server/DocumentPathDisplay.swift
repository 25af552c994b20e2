import Foundation
import QuarryCore

/// Rewrites the paths of indexed files in what the server sends, so answers do not
/// disclose the server's folder layout: with ``DocumentPathStyle/relative`` a path under
/// `root` loses that prefix (`/srv/docs/a/b.md` → `a/b.md`); other names (documents
/// pushed by id, `api:…`) pass unchanged.
public struct DocumentPathDisplay: Sendable {
    /// The folder paths are shown relative to; nil shows them as indexed.
    public let root: String?

    public init(root: String?) {
        self.root = root.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The longest folder every absolute path in `paths` lies under, or nil when there
    /// is none (only `/`) or no absolute path.
    public static func commonFolder(of paths: [String]) -> String? {
        let folders = paths.filter { $0.hasPrefix("/") }.map { ($0 as NSString).deletingLastPathComponent }
        guard var common = folders.first.map({ $0.split(separator: "/", omittingEmptySubsequences: true) }) else {
            return nil
        }
        for folder in folders.dropFirst() {
            let parts = folder.split(separator: "/", omittingEmptySubsequences: true)
            common = Array(zip(common, parts).prefix { $0 == $1 }.map(\.0))
        }
        return common.isEmpty ? nil : "/" + common.joined(separator: "/")
    }

    /// `path` as the client sees it.
    public func show(_ path: String) -> String {
        guard let root, path.hasPrefix(root + "/") else { return path }
        return String(path.dropFirst(root.count + 1))
    }

    public func show(_ chunk: RetrievedChunk) -> RetrievedChunk {
        var chunk = chunk
        chunk.document = show(chunk.document)
        return chunk
    }

    public func show(_ result: QueryResult) -> QueryResult {
        var result = result
        result.retrieved = result.retrieved.map(show)
        result.citations = result.citations.map { citation in
            var citation = citation
            citation.document = show(citation.document)
            return citation
        }
        return result
    }

    public func show(_ event: QueryEvent) -> QueryEvent {
        switch event {
        case .retrieved(var retrieval):
            retrieval.chunks = retrieval.chunks.map(show)
            return .retrieved(retrieval)
        case .selected(let chunks, let tokens):
            return .selected(chunks.map(show), tokens: tokens)
        case .context(let passages):
            return .context(passages.map { passage in
                var passage = passage
                passage.chunk = show(passage.chunk)
                return passage
            })
        case .text:
            return event
        case .finished(let result):
            return .finished(show(result))
        }
    }
}
