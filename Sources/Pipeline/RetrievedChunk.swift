import Store

/// A chunk a retriever found for a question, with its score and rank.
public struct RetrievedChunk: Sendable, Codable, Equatable {
    public var chunkID: Int64
    /// The source path (with `#id` for multi-document files such as BEIR JSONL).
    public var document: String
    public var title: String?
    public var byteStart: Int
    public var byteEnd: Int
    public var text: String
    public var tokens: Int
    public var score: Float
    /// 1-based rank among the retrieved chunks.
    public var rank: Int

    init(_ chunk: StoredChunk, score: Float, rank: Int) {
        chunkID = chunk.id
        document = chunk.document
        title = chunk.title
        byteStart = chunk.byteStart
        byteEnd = chunk.byteEnd
        text = chunk.text
        tokens = chunk.tokenCount
        self.score = score
        self.rank = rank
    }

    enum CodingKeys: String, CodingKey {
        case chunkID = "chunk_id", document, title
        case byteStart = "byte_start", byteEnd = "byte_end"
        case text, tokens, score, rank
    }
}
