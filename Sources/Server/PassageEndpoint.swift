import Foundation
import Hummingbird
import QuarryCore
import Store

/// `GET /v1/passage?document=&chunk_id=&byte_start=&byte_end=`: one chunk's text, read
/// from the index (never from a file on disk), with a byte range of its document split
/// out so a citation can be shown highlighted where it stands.
///
/// `document` must be the chunk's document as answers name it (a citation's
/// `document`); a chunk of another document, or an id the index does not hold, is a 404.
/// The range, when given, must lie inside the chunk and on character boundaries (400).
/// The answer's `before`, `highlight` and `after` put together are the chunk's `text`.
enum PassageEndpoint {
    struct Passage: ResponseEncodable {
        var document: String
        var title: String?
        var chunkID: Int64
        var byteStart: Int
        var byteEnd: Int
        var text: String
        var before: String?
        var highlight: String?
        var after: String?

        enum CodingKeys: String, CodingKey {
            case document, title, chunkID = "chunk_id", byteStart = "byte_start", byteEnd = "byte_end"
            case text, before, highlight, after
        }
    }

    static func passage(_ request: Request, store: any IndexStore, paths: DocumentPathDisplay) async throws -> Passage {
        let query = QueryParameters(request: request)
        let document = try query.require("document")
        guard let chunkID = try query.int("chunk_id", in: Int64(1)...Int64.max) else {
            throw QuarryError(.invalidInput, "missing query parameter `chunk_id` (a citation's `chunk_id`)")
        }
        let start = try query.int("byte_start", in: 0...Int.max)
        let end = try query.int("byte_end", in: 0...Int.max)
        let chunk = try await store.withSnapshot { try await $0.chunks(ids: [chunkID]).first }
        guard let chunk, paths.show(chunk.document) == document else {
            throw QuarryError(.notFound, "the index has no chunk \(chunkID) in document `\(document)`")
        }
        var passage = Passage(
            document: document, title: chunk.title, chunkID: chunkID, byteStart: chunk.byteStart,
            byteEnd: chunk.byteStart + chunk.text.utf8.count, text: chunk.text
        )
        switch (start, end) {
        case (nil, nil):
            return passage
        case (let start?, let end?):
            (passage.before, passage.highlight, passage.after) =
                try split(chunk.text, from: start - chunk.byteStart, to: end - chunk.byteStart, passage: passage)
            return passage
        default:
            throw QuarryError(.invalidInput, "send `byte_start` and `byte_end` together, or neither")
        }
    }

    /// `text` cut at the byte offsets `lower` and `upper` into before, inside and after;
    /// they must lie in the text, in order, and on character boundaries.
    private static func split(
        _ text: String, from lower: Int, to upper: Int, passage: Passage
    ) throws -> (String, String, String) {
        let bytes = Array(text.utf8)
        guard lower >= 0, upper <= bytes.count, lower < upper else {
            throw QuarryError(
                .invalidInput,
                "byte range must lie inside chunk \(passage.chunkID), bytes \(passage.byteStart) to \(passage.byteEnd) "
                    + "of its document, with `byte_start` < `byte_end`"
            )
        }
        func boundary(_ offset: Int) -> Bool { offset == bytes.count || bytes[offset] & 0xC0 != 0x80 }
        guard boundary(lower), boundary(upper) else {
            throw QuarryError(.invalidInput, "`byte_start` and `byte_end` must not fall inside a UTF-8 character")
        }
        func string(_ slice: ArraySlice<UInt8>) -> String { String(decoding: slice, as: UTF8.self) }
        return (string(bytes[..<lower]), string(bytes[lower..<upper]), string(bytes[upper...]))
    }
}
