import Foundation

/// Reads a BEIR corpus file (`.jsonl`) of any size in batches of documents, holding one
/// block of the file, one record and one batch in memory at a time.
///
/// Records are checked as ``DocumentLoader`` checks a whole file (UTF-8, JSON, fields,
/// repeated `_id`s), one batch at a time: an error names its line, and the batches
/// before it were already handed out. A repeated `_id` is caught within a batch here
/// and against earlier batches through the caller's `earlierIDs` (which asks the index
/// those batches were written to), so no set of every id is kept.
public struct BEIRCorpusReader {
    /// Bytes read from the file at a time.
    public static let defaultBlockBytes = 4 << 20

    /// The file, as given.
    public let path: FileSystemPath
    private var lines: LineReader
    private let name: String
    private let decoder = JSONDecoder()
    /// Documents handed out or skipped so far.
    public private(set) var documentsRead = 0

    /// Opens the corpus at `path`; a record (line) over `maxRecordBytes` is refused.
    /// - Throws: ``LoaderError`` when the file cannot be opened.
    public init(path: FileSystemPath, maxRecordBytes: Int, blockBytes: Int = Self.defaultBlockBytes) throws {
        self.path = path
        name = path.description
        lines = LineReader(handle: try path.openForReading(), path: name, blockBytes: blockBytes, maxLineBytes: maxRecordBytes)
    }

    /// Bytes of the file read into documents so far (the progress to show).
    public var bytesRead: Int { lines.consumed }

    /// The most file bytes held at once: at most one block plus the longest record.
    public var peakBufferedBytes: Int { lines.peakBufferedBytes }

    /// The next documents in file order: at most `maxDocuments`, and no more once their
    /// text reaches `maxTextBytes` (a batch holds at least one document); empty at the
    /// end of the file. `earlierIDs` gets this batch's ids and returns those that earlier
    /// batches already used (it may ask the index, which may be a server's).
    /// - Throws: ``LoaderError`` naming the line of a malformed record, invalid UTF-8 or
    ///   a repeated `_id`, an over-long record, or an empty corpus.
    public mutating func next(
        maxDocuments: Int, maxTextBytes: Int, earlierIDs: ([String]) async throws -> Set<String>
    ) async throws -> [LoadedDocument] {
        precondition(maxDocuments > 0)
        var documents: [LoadedDocument] = []
        var lineOfID: [String: Int] = [:]
        var textBytes = 0
        while documents.count < maxDocuments && textBytes < maxTextBytes, case let (id, line, document)? = try nextRecord() {
            if let first = lineOfID.updateValue(line, forKey: id) {
                throw BEIRCorpusDecoder.repeatedID(id, line: line, firstLine: first, path: name)
            }
            guard let document else { continue }
            documents.append(document)
            textBytes += document.text.utf8.count
        }
        if let repeated = try await earlierIDs(Array(lineOfID.keys)).min(by: { lineOfID[$0, default: 0] < lineOfID[$1, default: 0] }) {
            throw BEIRCorpusDecoder.repeatedID(repeated, line: lineOfID[repeated] ?? 0, firstLine: nil, path: name)
        }
        if documents.isEmpty && documentsRead == 0 { throw BEIRCorpusDecoder.empty(path: name) }
        documentsRead += documents.count
        return documents
    }

    /// Passes over the first `count` documents (written by an earlier, interrupted run),
    /// checking their records as ``next(maxDocuments:maxTextBytes:earlierIDs:)`` does
    /// except for repeated ids, which that run checked.
    public mutating func skip(_ count: Int) throws {
        var skipped = 0
        while skipped < count, case let (_, _, document)? = try nextRecord() {
            if document != nil { skipped += 1 }
        }
        documentsRead += skipped
    }

    /// The next record's id, line number and document (nil when it has no text); nil at
    /// the end of the file.
    private mutating func nextRecord() throws -> (id: String, line: Int, document: LoadedDocument?)? {
        while case let (line, offset)? = try lines.next() {
            let number = lines.lineNumber
            if let invalid = line.withUnsafeBytes({ UTF8Validation.firstInvalidByte(in: $0) }) {
                throw BEIRCorpusDecoder.invalidUTF8(path: name, offset: offset + invalid, line: number)
            }
            if case let (id, document)? = try BEIRCorpusDecoder.record(line, number: number, path: name, decoder: decoder) {
                return (id, number, document)
            }
        }
        return nil
    }
}
