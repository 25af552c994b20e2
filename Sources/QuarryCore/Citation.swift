/// Where a piece of an answer comes from: a byte range of a document's extracted text
/// inside one chunk.
public struct Citation: Sendable, Codable, Equatable {
    public var document: String
    public var chunkID: Int64
    public var byteStart: Int
    public var byteEnd: Int
    /// The cited text itself.
    public var text: String

    public init(document: String, chunkID: Int64, byteStart: Int, byteEnd: Int, text: String) {
        self.document = document
        self.chunkID = chunkID
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case document, chunkID = "chunk_id", byteStart = "byte_start", byteEnd = "byte_end", text
    }
}
