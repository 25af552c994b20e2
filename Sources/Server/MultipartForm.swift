import Foundation
import QuarryCore

/// A `multipart/form-data` body (RFC 7578) split into its named parts; enough for one
/// file upload with a few text fields, and strict about everything it reads, since
/// the body comes from an untrusted client.
struct MultipartForm {
    /// One part: its field name, the file name it was sent with, and its bytes.
    struct Part {
        var name: String
        var filename: String?
        var content: Data
    }

    /// The most parts one form may have.
    static let maxParts = 16

    let parts: [Part]

    /// Parses `body` sent with `contentType` (`multipart/form-data; boundary=…`).
    /// - Throws: ``QuarryError`` `.invalidInput` naming what is malformed.
    init(body: Data, contentType: String) throws {
        guard let boundary = Self.boundary(in: contentType) else {
            throw Self.malformed("the Content-Type has no `boundary` parameter")
        }
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { throw Self.malformed("the body does not start with its boundary") }
        var parts: [Part] = []
        var cursor = body.startIndex + delimiter.count
        while true {
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else { throw Self.malformed("a boundary is not followed by a line end") }
            cursor += 2
            guard let end = body.range(of: separator, in: cursor..<body.endIndex) else {
                throw Self.malformed("a part is not closed by the boundary; the body may be cut off")
            }
            parts.append(try Self.part(body[cursor..<end.lowerBound]))
            guard parts.count <= Self.maxParts else { throw Self.malformed("more than \(Self.maxParts) parts") }
            cursor = end.upperBound
        }
        self.parts = parts
    }

    /// The first part named `name`.
    subscript(name: String) -> Part? {
        parts.first { $0.name == name }
    }

    private static func part(_ bytes: Data) throws -> Part {
        guard let split = bytes.range(of: Data("\r\n\r\n".utf8)) else {
            throw malformed("a part has no blank line after its headers")
        }
        let headers = String(decoding: bytes[bytes.startIndex..<split.lowerBound], as: UTF8.self)
        guard let disposition = headers.split(separator: "\r\n").first(where: {
            $0.lowercased().hasPrefix("content-disposition:")
        }) else {
            throw malformed("a part has no Content-Disposition header")
        }
        let parameters = Self.parameters(String(disposition))
        guard let name = parameters["name"] else { throw malformed("a part's Content-Disposition has no `name`") }
        return Part(name: name, filename: parameters["filename"], content: Data(bytes[split.upperBound...]))
    }

    /// `key=value` and `key="value"` pairs of a header, keys lowercased.
    private static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            result[key] = value
        }
        return result
    }

    private static func boundary(in contentType: String) -> String? {
        guard let boundary = parameters(contentType)["boundary"], (1...70).contains(boundary.utf8.count) else { return nil }
        return boundary
    }

    private static func malformed(_ what: String) -> QuarryError {
        QuarryError(.invalidInput, "malformed multipart body: \(what)")
    }
}
