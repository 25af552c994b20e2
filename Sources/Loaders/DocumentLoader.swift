import Crypto
import Foundation

/// Reads one file into a ``LoadedSource``: its fingerprint and its documents' text.
///
/// Text comes out NFC-normalised with LF line ends, whatever the format, so byte
/// offsets into it are stable citations.
public struct DocumentLoader: Sendable {
    /// Files larger than this many bytes are refused.
    public var maxFileBytes: Int
    /// Documents whose text is longer than this many bytes of UTF-8 are refused; nil:
    /// any length (`quarry chunk`, tests of the loaders at scale).
    public var maxDocumentBytes: Int?

    /// The text one document may hold when it is indexed (`quarry index`,
    /// `POST /v1/documents`): 16 MiB. A document is chunked, analysed and written at
    /// once, in memory about 25 times its text (a 50 MB text on one line peaked at
    /// 1.2 GB), so the bound on the text is the bound on that memory.
    public static let maxIndexedDocumentBytes = 16 << 20

    /// Creates a loader that refuses files over `maxFileBytes` (256 MiB by default) and
    /// documents whose text is over `maxDocumentBytes` (when given).
    public init(maxFileBytes: Int = 256 << 20, maxDocumentBytes: Int? = nil) {
        self.maxFileBytes = maxFileBytes
        self.maxDocumentBytes = maxDocumentBytes
    }

    /// Loads the file at `url` (whose name must be UTF-8: a ``FileSystemPath`` takes
    /// any name), choosing the format by its extension.
    /// - Throws: ``LoaderError``, as loading a ``FileSystemPath`` does.
    public func load(_ url: URL) throws -> LoadedSource {
        try load(FileSystemPath(url))
    }

    /// Loads the file at `path`, choosing the format by its extension.
    /// - Throws: ``LoaderError`` naming the file and what to do: missing or unreadable
    ///   file, unsupported extension, over the size limit, binary or non-UTF-8 text,
    ///   empty file, malformed JSONL line, unreadable PDF or HTML without text, HTML
    ///   nested too deep, a document's text over ``maxDocumentBytes``.
    public func load(_ path: FileSystemPath) throws -> LoadedSource {
        let name = path.description
        let (status, format) = try check(path)
        guard status.size <= maxFileBytes else {
            throw LoaderError(path: name, reason: "file is \(status.size) bytes, over Quarry's limit of \(maxFileBytes) "
                + "bytes per file; split it into smaller files")
        }
        let file = try path.openForReading()
        let data: Data
        do {
            data = try file.readToEnd() ?? Data()
        } catch {
            throw Self.unreadable(name, error)
        }
        return LoadedSource(
            path: path, format: format, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(), byteCount: data.count,
            modified: status.modified, documents: try bounded(documents(in: data, format: format, path: path), path: name)
        )
    }

    /// Whether files of `format` are read in batches of documents, whatever their size
    /// (a BEIR corpus, through ``BEIRCorpusReader``), instead of whole by ``load(_:)``.
    public static func readsInBatches(_ format: DocumentFormat) -> Bool {
        format == .jsonl
    }

    /// The identity of the file at `path` (format, SHA-256, size, modification time),
    /// read in blocks whatever its size: what ``load(_:)`` would record, without its
    /// documents. The file is not checked against `maxFileBytes`.
    /// - Throws: ``LoaderError`` as ``load(_:)`` does for a missing, unreadable or
    ///   unsupported file.
    public func fingerprint(_ path: FileSystemPath) throws -> FileFingerprint {
        let name = path.description
        let (status, format) = try check(path)
        let file = try path.openForReading()
        var hasher = SHA256()
        var byteCount = 0
        do {
            while let block = try file.read(upToCount: BEIRCorpusReader.defaultBlockBytes), !block.isEmpty {
                hasher.update(data: block)
                byteCount += block.count
            }
        } catch {
            throw Self.unreadable(name, error)
        }
        return FileFingerprint(
            format: format, sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined(),
            byteCount: byteCount, modified: status.modified
        )
    }

    /// The file's status and format, or why it cannot be read at all.
    private func check(_ path: FileSystemPath) throws -> (FileStatus, DocumentFormat) {
        let name = path.description
        let status = try FileStatus(path: path)
        switch status.kind {
        case .regular: break
        case .directory:
            throw LoaderError(path: name, reason: "is a folder; use FileWalker to expand folders into files")
        case .other:
            throw LoaderError(path: name, reason: "not a regular file (a device, pipe or socket); leave it out")
        }
        guard let format = DocumentFormat(fileExtension: path.pathExtension) else {
            throw LoaderError(path: name, reason: Self.unsupportedReason(extension: path.pathExtension))
        }
        return (status, format)
    }

    static func unreadable(_ name: String, _ error: any Error) -> LoaderError {
        LoaderError(path: name, reason: "cannot read it (\(error.localizedDescription)); check the disk and permissions")
    }

    /// `documents`, once each is checked to hold at most ``maxDocumentBytes`` of text.
    private func bounded(_ documents: [LoadedDocument], path: String) throws -> [LoadedDocument] {
        guard let maxDocumentBytes else { return documents }
        for (number, document) in documents.enumerated() where document.text.utf8.count > maxDocumentBytes {
            let which = documents.count > 1 ? "document \(number + 1)'s text" : "its text"
            throw LoaderError(path: path, reason: "\(which) is \(document.text.utf8.count) bytes, over Quarry's limit of "
                + "\(maxDocumentBytes) bytes per document; split it into smaller files")
        }
        return documents
    }

    private func documents(in data: Data, format: DocumentFormat, path: FileSystemPath) throws -> [LoadedDocument] {
        let name = path.description
        switch format {
        case .text:
            let text = try PlainTextDecoder.decode(data, path: name)
            return [LoadedDocument(title: TitleGuess.firstLine(of: text), text: text)]
        case .markdown:
            let text = try PlainTextDecoder.decode(data, path: name)
            return [LoadedDocument(title: TitleGuess.markdownTitle(of: text), text: text)]
        case .html:
            return [try HTMLDocumentDecoder.decode(data, path: name)]
        case .pdf:
            return [try PDFTextDecoder.decode(path: path, maxTextBytes: maxFileBytes)]
        case .jsonl:
            return try BEIRCorpusDecoder.decode(data, path: name)
        }
    }

    /// Why a file's extension is refused, listing the ones that work.
    static func unsupportedReason(extension: String) -> String {
        let kind = `extension`.isEmpty ? "files without an extension are" : "'.\(`extension`)' files are"
        return "unsupported file type: \(kind) not read; use one of \(DocumentFormat.supportedExtensionList)"
    }
}
