/// Where a piece of an answer comes from: a byte range of a document's extracted text
/// inside one chunk.
public struct Citation: Sendable, Codable, Equatable {
    public var document: String
    public var chunkID: Int64
    public var byteStart: Int
    public var byteEnd: Int
    /// The cited text itself.
    public var text: String
    /// The number the answer cites this source by (`[2]` → 2), when it cites by number.
    public var source: Int?

    public init(document: String, chunkID: Int64, byteStart: Int, byteEnd: Int, text: String, source: Int? = nil) {
        self.document = document
        self.chunkID = chunkID
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.text = text
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case document, chunkID = "chunk_id", byteStart = "byte_start", byteEnd = "byte_end", text, source
    }
}
