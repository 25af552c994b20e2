import Foundation
import Hummingbird
import MultipartKit
import QuarryCore

/// A `multipart/form-data` upload to `/v1/documents` (RFC 7578), parsed by MultipartKit's
/// form decoder: the document in a part `file` sent with a filename, and optional UTF-8
/// text parts `id` and `title` of at most 1 KiB each.
struct DocumentUpload {
    /// The form's fields as MultipartKit decodes them.
    private struct Form: Decodable {
        var file: FormPart
        var id: FormPart?
        var title: FormPart?
    }

    /// One field's part as it was sent, headers and bytes: MultipartKit's decoder hands a
    /// `MultipartPartConvertible` the whole part.
    private struct FormPart: Decodable, MultipartPartConvertible {
        let part: MultipartPart
        var multipart: MultipartPart? { part }

        init?(multipart: MultipartPart) {
            part = multipart
        }

        /// Reached only for a field sent as nested parts (`file[a]`), which this form has none of.
        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected one part, got nested fields")
            )
        }
    }

    /// Longest `id` or `title` field, in bytes.
    static let maxFieldBytes = 1024

    let filename: String
    let content: Data
    let id: String?
    let title: String?

    /// Parses `body` sent with `contentType` (`multipart/form-data; boundary=…`).
    /// - Throws: ``QuarryError`` `.invalidInput` naming what is malformed or missing.
    init(body: ByteBuffer, contentType: String) throws {
        let boundary = try Self.boundary(in: contentType)
        let form: Form
        do {
            form = try FormDataDecoder().decode(Form.self, from: body, boundary: boundary)
        } catch DecodingError.keyNotFound(let key, _) where key.stringValue == "file" {
            throw Self.missingFile
        } catch {
            throw QuarryError(.invalidInput, "malformed multipart body (\(error))")
        }
        guard let filename = Self.filename(of: form.file.part), !filename.isEmpty else { throw Self.missingFile }
        self.filename = filename
        content = Data(form.file.part.body.readableBytesView)
        id = try form.id.map { try Self.text($0.part, field: "id") }
        title = try form.title.map { try Self.text($0.part, field: "title") }
    }

    private static let missingFile = QuarryError(
        .invalidInput, "send the document as a multipart part named `file`, with a filename"
    )

    /// The `boundary` parameter of the Content-Type, read with Hummingbird's media type
    /// parser; MultipartKit's parser requires a non-empty one (RFC 2046: 1–70 characters).
    private static func boundary(in contentType: String) throws -> String {
        guard let type = MediaType(from: contentType), type.isType(.multipartForm),
              let parameter = type.parameter, parameter.name.lowercased() == "boundary",
              let boundary = parameter.value.split(separator: ";").first?.trimmingCharacters(in: .whitespaces),
              (1...70).contains(boundary.utf8.count)
        else {
            throw QuarryError(
                .invalidInput, "malformed multipart body: the Content-Type has no valid `boundary` parameter"
            )
        }
        return boundary
    }

    /// The `filename` parameter of a part's Content-Disposition header (MultipartKit
    /// exposes only `name`).
    private static func filename(of part: MultipartPart) -> String? {
        guard let disposition = part.headers.first(name: "Content-Disposition") else { return nil }
        for item in disposition.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "filename" else {
                continue
            }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    private static func text(_ part: MultipartPart, field: String) throws -> String {
        guard let value = String(bytes: part.body.readableBytesView, encoding: .utf8),
              value.utf8.count <= maxFieldBytes
        else {
            throw QuarryError(
                .invalidInput, "multipart field `\(field)` must be UTF-8 text of at most \(maxFieldBytes) bytes"
            )
        }
        return value
    }
}
