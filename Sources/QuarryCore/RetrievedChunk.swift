/// A chunk a retriever found for a question, with its score and rank.
public struct RetrievedChunk: Sendable, Codable, Equatable {
    public var chunkID: Int64
    /// The source path (with `#id` for multi-document files such as BEIR JSONL).
    public var document: String
    public var title: String?
    /// The chunk's byte range in its document's extracted text.
    public var byteStart: Int
    public var byteEnd: Int
    public var text: String
    /// Its length in the index's token count (what budgets are spent in).
    public var tokens: Int
    public var score: Float
    /// 1-based rank among the retrieved chunks.
    public var rank: Int

    public init(
        chunkID: Int64, document: String, title: String?, byteStart: Int, byteEnd: Int, text: String,
        tokens: Int, score: Float, rank: Int
    ) {
        self.chunkID = chunkID
        self.document = document
        self.title = title
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.text = text
        self.tokens = tokens
        self.score = score
        self.rank = rank
    }

    enum CodingKeys: String, CodingKey {
        case chunkID = "chunk_id", document, title
        case byteStart = "byte_start", byteEnd = "byte_end"
        case text, tokens, score, rank
    }
}
