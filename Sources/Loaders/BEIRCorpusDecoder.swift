import Foundation

/// Reads a BEIR corpus file: one JSON object per line, `{"_id", "title", "text"}`.
///
/// Each record becomes one document whose text is `title + "\n\n" + text` when the
/// title is not blank (so word search sees both) and `text` otherwise. Blank lines are
/// skipped, and so are records whose title and text are both blank (nothing to index).
enum BEIRCorpusDecoder {
    /// One BEIR record; `_id` may be a JSON string or integer.
    private struct Record: Decodable {
        var id: String
        var title: String?
        var text: String

        enum CodingKeys: String, CodingKey {
            case id = "_id", title, text
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let number = try? container.decode(Int.self, forKey: .id) {
                id = String(number)
            } else {
                id = try container.decode(String.self, forKey: .id)
            }
            title = try container.decodeIfPresent(String.self, forKey: .title)
            text = try container.decode(String.self, forKey: .text)
        }
    }

    /// The corpus's documents in file order.
    /// - Throws: ``LoaderError`` naming the line of the first malformed record or
    ///   repeated `_id`, or the byte offset of invalid UTF-8.
    static func decode(_ data: Data, path: String) throws -> [LoadedDocument] {
        if let offset = data.withUnsafeBytes({ UTF8Validation.firstInvalidByte(in: $0) }) {
            let line = data.prefix(offset).count { $0 == 0x0A } + 1
            throw invalidUTF8(path: path, offset: offset, line: line)
        }
        let decoder = JSONDecoder()
        var documents: [LoadedDocument] = []
        var lineOfID: [String: Int] = [:]
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard case let (id, document)? = try record(line, number: lineNumber, path: path, decoder: decoder) else {
                continue
            }
            if let first = lineOfID.updateValue(lineNumber, forKey: id) {
                throw repeatedID(id, line: lineNumber, firstLine: first, path: path)
            }
            if let document { documents.append(document) }
        }
        guard !documents.isEmpty else { throw empty(path: path) }
        return documents
    }

    /// The record on line `number` (`line` without its newline): its `_id`, and its
    /// document (nil when title and text are both blank); nil for a blank line.
    /// - Throws: ``LoaderError`` naming the line when it is not a valid record.
    static func record(
        _ line: Data, number: Int, path: String, decoder: JSONDecoder
    ) throws -> (id: String, document: LoadedDocument?)? {
        var line = line
        if number == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        guard line.contains(where: { !Self.isJSONWhitespace($0) }) else { return nil }
        let record: Record
        do {
            record = try decoder.decode(Record.self, from: line)
        } catch {
            throw LoaderError(path: path, reason: "line \(number): \(Self.describe(error)); each line "
                + #"must be a JSON object with string fields "_id" and "text" and an optional "title""#)
        }
        return (record.id, document(from: record))
    }

    static func invalidUTF8(path: String, offset: Int, line: Int) -> LoaderError {
        LoaderError(path: path, reason: "invalid UTF-8 at byte offset \(offset) (line \(line)); convert the file to UTF-8")
    }

    /// A repeated `_id` on line `line`; `firstLine` nil when the first use was in a batch
    /// already written.
    static func repeatedID(_ id: String, line: Int, firstLine: Int?, path: String) -> LoaderError {
        let earlier = firstLine.map { "on line \($0)" } ?? "on an earlier line"
        return LoaderError(path: path, reason: "line \(line): _id \"\(id)\" was already used \(earlier); "
            + "give every record its own _id")
    }

    static func empty(path: String) -> LoaderError {
        LoaderError(path: path, reason: "empty file (no records with text); add records or remove the file")
    }

    private static func document(from record: Record) -> LoadedDocument? {
        guard let layout = BEIRDocumentText(title: record.title, text: record.text) else { return nil }
        return LoadedDocument(externalID: record.id, title: layout.title, text: layout.text)
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// A short description of a decoding failure (which field, what was wrong).
    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _):
            return "missing field \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = context.codingPath.last?.stringValue ?? "record"
            return field == "record" ? "not a JSON object" : "field \"\(field)\" is not a string"
        case .dataCorrupted:
            return "not valid JSON"
        default:
            return "not a valid record"
        }
    }
}
