import QuarryCore
import Foundation

/// Everything the store writes for one file, in one transaction.
public struct NewSource: Sendable {
    /// The file's absolute path; the key that re-indexing matches on.
    public var path: String
    /// The loader's format name (`html`, `pdf`, …).
    public var format: String
    /// Hex SHA-256 of the raw file bytes.
    public var sha256: String
    public var byteCount: Int
    public var modified: Date
    /// The chunking settings the chunks were made with; a change re-indexes the file.
    public var settings: String
    public var documents: [NewDocument]

    public init(
        path: String, format: String, sha256: String, byteCount: Int, modified: Date,
        settings: String, documents: [NewDocument]
    ) {
        self.path = path
        self.format = format
        self.sha256 = sha256
        self.byteCount = byteCount
        self.modified = modified
        self.settings = settings
        self.documents = documents
    }
}

/// One document of a source with its chunks.
public struct NewDocument: Sendable {
    /// The id the source gives the document (a BEIR `_id`), if any.
    public var externalID: String?
    public var title: String?
    /// UTF-8 length of the extracted text the chunks' byte ranges point into.
    public var byteCount: Int
    public var chunks: [NewChunk]

    public init(externalID: String?, title: String?, byteCount: Int, chunks: [NewChunk]) {
        self.externalID = externalID
        self.title = title
        self.byteCount = byteCount
        self.chunks = chunks
    }
}

/// One chunk with its analysed terms for the BM25 postings.
public struct NewChunk: Sendable {
    public var byteStart: Int
    public var byteEnd: Int
    public var text: String
    /// Length in the chunker's tokens.
    public var tokenCount: Int
    /// Analysed term → frequency in this chunk.
    public var termFrequencies: [String: Int]
    /// Number of analysed terms (the BM25 document length).
    public var termCount: Int
    /// The chunk's embedding, when the index has a dense part.
    public var vector: [Float]?
    /// Each token's surprisal in its document context, when the chunker computed it.
    public var surprisal: TokenSurprisal?

    public init(
        byteStart: Int, byteEnd: Int, text: String, tokenCount: Int,
        termFrequencies: [String: Int], termCount: Int, vector: [Float]? = nil, surprisal: TokenSurprisal? = nil
    ) {
        self.vector = vector
        self.surprisal = surprisal
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.text = text
        self.tokenCount = tokenCount
        self.termFrequencies = termFrequencies
        self.termCount = termCount
    }
}
