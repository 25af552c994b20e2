import Foundation
import Loaders
import QuarryCore
import Store

/// Documents pushed into an index one at a time (the server's `/v1/documents`), beside
/// the files `quarry index` walks.
///
/// Each document is a source of its own, keyed `api:<id>`: writing an id again replaces
/// its chunks in one transaction (never a duplicate), and the live ``QuarryIndex`` over
/// the same file picks the change up at its next query. Bytes go through the same
/// loaders, chunker and embedder as files, so an upload is checked like a file is.
public struct DocumentIngest: Sendable {
    /// The source-path prefix that marks a document pushed by id.
    public static let pathPrefix = "api:"
    /// The longest id accepted.
    public static let maxIDLength = 200

    public let pipeline: IngestPipeline
    private let loader: DocumentLoader

    /// Ingests through `pipeline` (its store, settings and embedder); uploads larger than
    /// `maxBytes` are refused.
    public init(pipeline: IngestPipeline, maxBytes: Int) {
        self.pipeline = pipeline
        loader = DocumentLoader(maxFileBytes: maxBytes, maxDocumentBytes: DocumentLoader.maxIndexedDocumentBytes)
    }

    /// Content in a supported format that its loader refuses (not UTF-8, a broken PDF)
    /// or that holds no text: the request was well formed, its document is not.
    public struct Unreadable: QuarryErrorConvertible, Sendable {
        public var message: String
        public var quarryError: QuarryError { QuarryError(.invalidInput, message) }
    }

    /// What one document write did.
    public struct Outcome: Sendable, Equatable {
        public var id: String
        public var chunks: Int
        /// What the chunking models had to say about this document (chunked by
        /// sentences because the model would have taken too long); empty mostly.
        public var warnings: [String]
    }

    /// Indexes `text` under `id` (a new random id when nil), replacing what the id held.
    /// - Throws: an invalid-input error for a bad id, empty or non-UTF-8 text.
    public func add(
        text: String, title: String?, id: String?, stop: CancellationSignal? = nil
    ) async throws -> Outcome {
        try await add(bytes: Data(text.utf8), filename: "document.txt", title: title, id: id, stop: stop)
    }

    /// Indexes an uploaded file under `id`; its format comes from `filename`'s extension
    /// (`.txt`, `.md`, `.html`, `.pdf`, `.jsonl`, as for `quarry index`). `stop` is checked
    /// between steps and last before the one transaction that writes: once it fires, the
    /// write stops at its next step and the index is left as it was. The work runs on
    /// Quarry's own threads (``Offload/onThreads(isolation:_:)``).
    /// - Throws: ``QuarryError`` `.unsupportedMediaType` for an unknown extension,
    ///   ``Unreadable`` for content its loader refuses or that holds no text,
    ///   ``CancellationSignal/Stopped`` once `stop` fired.
    public func add(
        bytes: Data, filename: String, title: String?, id: String?, stop: CancellationSignal? = nil
    ) async throws -> Outcome {
        try await Offload.onThreads { try await write(bytes: bytes, filename: filename, title: title, id: id, stop: stop) }
    }

    private func write(
        bytes: Data, filename: String, title: String?, id: String?, stop: CancellationSignal?
    ) async throws -> Outcome {
        let id = try id.map(Self.validate) ?? UUID().uuidString.lowercased()
        let format = (filename as NSString).pathExtension
        guard DocumentFormat(fileExtension: format) != nil else {
            let names = DocumentFormat.allCases.flatMap(\.fileExtensions).map { "." + $0 }.joined(separator: ", ")
            throw QuarryError(.unsupportedMediaType, "cannot read `\(filename)`: send a file ending in one of \(names)")
        }
        let loaded = try CancellationSignal.$current.withValue(stop) { try load(bytes, extension: format) }
        try stop?.check()
        let (prepared, warnings) = try await pipeline.prepareReportingWarnings(loaded.documents.map { document in
            var document = document
            if let title, loaded.documents.count == 1 { document.title = title }
            return document
        }, stop: stop)
        var documents = prepared
        let chunks = documents.reduce(0) { $0 + $1.chunks.count }
        guard chunks > 0 else {
            throw Unreadable(message: "the document has no text to index; send a non-empty `text` or file")
        }
        // Embedding first: an embedder whose model could not be loaded says so (503), before
        // its name is compared with the one the index was built with.
        if let embedder = pipeline.embedder {
            try await pipeline.embed(&documents, with: embedder) { _, _ in try stop?.check() }
        }
        try await IndexMetadata.record(embedder: pipeline.embedder, in: pipeline.store)
        try stop?.check()
        try await pipeline.store.replace(NewSource(
            path: Self.pathPrefix + id, format: loaded.format.rawValue, sha256: loaded.sha256,
            byteCount: loaded.byteCount, modified: Date(), settings: pipeline.sourceKey, documents: documents
        ))
        if pipeline.embedder != nil {
            try await pipeline.refreshDenseIndex()
        }
        return Outcome(id: id, chunks: chunks, warnings: warnings)
    }

    /// Removes the document `id`; false when the index has no such document. The work
    /// runs on Quarry's own threads (``Offload/onThreads(isolation:_:)``).
    public func remove(id: String) async throws -> Bool {
        let path = Self.pathPrefix + (try Self.validate(id))
        return try await Offload.onThreads {
            guard try await pipeline.store.source(path: path) != nil else { return false }
            try await pipeline.store.remove(paths: [path])
            if pipeline.embedder != nil {
                try await pipeline.refreshDenseIndex()
            }
            return true
        }
    }

    /// `id` when it is 1 to `maxIDLength` letters, digits, `-`, `_`, `.` or `:`, and not
    /// `.` or `..` (which `DELETE /v1/documents/{id}` could not address).
    public static func validate(_ id: String) throws -> String {
        let allowed = id.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.:".unicodeScalars.contains(scalar))
        }
        guard !id.isEmpty, id.utf8.count <= maxIDLength, allowed, id != ".", id != ".." else {
            throw QuarryError(
                .invalidInput,
                "document id must be 1 to \(maxIDLength) ASCII letters, digits, `-`, `_`, `.` or `:`, "
                    + "and not `.` or `..` (a URL path cannot address those)"
            )
        }
        return id
    }

    /// Loads `bytes` through the file loaders by way of a private temporary file (the PDF
    /// loader needs one), removed afterwards.
    private func load(_ bytes: Data, extension format: String) throws -> LoadedSource {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("upload." + format.lowercased())
        try bytes.write(to: file)
        do {
            return try loader.load(file)
        } catch let error as LoaderError {
            throw Unreadable(message: "the upload cannot be read: \(error.reason)")
        }
    }
}
