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
}
