/// A chunk read back for an answer: its text, where it came from and its byte range
/// in the document's extracted text.
public struct StoredChunk: Sendable, Equatable, Codable {
    public var id: Int64
    public var documentID: Int64
    /// The source file's path, with `#` and the external id for multi-document files.
    public var document: String
    public var title: String?
    public var ordinal: Int
    public var byteStart: Int
    public var byteEnd: Int
    public var text: String
    public var tokenCount: Int

    public init(
        id: Int64, documentID: Int64, document: String, title: String?, ordinal: Int, byteStart: Int, byteEnd: Int,
        text: String, tokenCount: Int
    ) {
        self.id = id
        self.documentID = documentID
        self.document = document
        self.title = title
        self.ordinal = ordinal
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.text = text
        self.tokenCount = tokenCount
    }
}
