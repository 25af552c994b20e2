import Foundation
import Loaders
import QuarryCore

/// A question-answering set: `corpus.jsonl` (BEIR records, a record may be a whole
/// paper) and `qa.jsonl` lines `{"id", "question", "answers", "supporting_ids",
/// "answer_spans"?}` whose spans are character (code point) offsets into a record's
/// `text`, turned here into byte ranges of the document as Quarry indexes it.
public struct QADataset: Sendable {
    /// One question with its gold answers, supporting documents and answer spans.
    public struct Question: Sendable, Equatable {
        public var id: String
        public var question: String
        public var answers: [String]
        public var supportingIDs: [String]
        /// Byte ranges of the answer in the indexed text of the documents they name.
        public var spans: [Span]
        /// The set's own category (`bridge`, `2hop`, …), if any.
        public var type: String?
    }

    /// A gold answer's place: a document id and a byte range in its indexed text.
    public struct Span: Sendable, Equatable {
        public var document: String
        public var bytes: Range<Int>
    }

    public let corpus: URL
    public let questions: [Question]

    /// Loads `directory/corpus.jsonl` and `directory/qa.jsonl`.
    /// - Throws: an invalid-input error naming the file and line at fault, or a span
    ///   that does not fit its document.
    public init(directory: URL) throws {
        corpus = directory.appendingPathComponent("corpus.jsonl")
        let qaFile = directory.appendingPathComponent("qa.jsonl")
        for file in [corpus, qaFile] where !FileManager.default.fileExists(atPath: file.path) {
            throw QuarryError.invalidInput(
                "\(file.path) not found: a QA folder holds corpus.jsonl and qa.jsonl (see ../shared/datasets/README.md)"
            )
        }
        let records = try Self.readQA(qaFile)
        let spanned = Set(records.flatMap { $0.answerSpans ?? [] }.map(\.doc))
        let documents = spanned.isEmpty ? [:] : try Self.readCorpus(corpus, keeping: spanned)
        questions = try records.map { record in
            let spans = try (record.answerSpans ?? []).map { span in
                guard let document = documents[span.doc] else {
                    throw QuarryError.invalidInput("\(qaFile.path): question \(record.id) has a span in document \(span.doc), which corpus.jsonl does not have")
                }
                return Span(document: span.doc, bytes: try Self.bytes(of: span, in: document, question: record.id))
            }
            return Question(
                id: record.id, question: record.question, answers: record.answers,
                supportingIDs: record.supportingIDs ?? [], spans: spans, type: record.type
            )
        }
        guard !questions.isEmpty else { throw QuarryError.invalidInput("\(qaFile.path) holds no questions") }
    }

    private struct Record: Decodable {
        struct AnswerSpan: Decodable {
            var doc: String
            var start: Int
            var end: Int
        }

        var id: String
        var question: String
        var answers: [String]
        var supportingIDs: [String]?
        var answerSpans: [AnswerSpan]?
        var type: String?

        enum CodingKeys: String, CodingKey {
            case id, question, answers, type
            case supportingIDs = "supporting_ids", answerSpans = "answer_spans"
        }
    }

    private struct CorpusRecord: Decodable {
        var id: String
        var title: String?
        var text: String

        enum CodingKeys: String, CodingKey {
            case id = "_id", title, text
        }
    }

    private static func readQA(_ url: URL) throws -> [Record] {
        let decoder = JSONDecoder()
        return try NumberedLines.read(url).map { number, line in
            do {
                return try decoder.decode(Record.self, from: Data(line.utf8))
            } catch {
                throw QuarryError.invalidInput(
                    #"\#(url.path) line \#(number): expected {"id", "question", "answers": […], "supporting_ids"?, "answer_spans"?}"#
                )
            }
        }
    }

    /// The indexed layout of the records whose ids are in `keeping`.
    private static func readCorpus(_ url: URL, keeping: Set<String>) throws -> [String: (raw: String, indexed: BEIRDocumentText)] {
        let decoder = JSONDecoder()
        var result: [String: (raw: String, indexed: BEIRDocumentText)] = [:]
        for (number, line) in try NumberedLines.read(url) {
            guard let record = try? decoder.decode(CorpusRecord.self, from: Data(line.utf8)) else {
                throw QuarryError.invalidInput(#"\#(url.path) line \#(number): expected {"_id": "…", "title"?, "text"}"#)
            }
            guard keeping.contains(record.id) else { continue }
            guard let indexed = BEIRDocumentText(title: record.title, text: record.text) else { continue }
            result[record.id] = (record.text, indexed)
        }
        return result
    }

    /// The byte range in the indexed document of a span given in code points of the
    /// record's raw `text`. Where normalisation changed the body (CRLF, NFC), the
    /// span's normalised text is looked up nearest to where it would have been.
    private static func bytes(
        of span: Record.AnswerSpan, in document: (raw: String, indexed: BEIRDocumentText), question: String
    ) throws -> Range<Int> {
        let raw = Array(document.raw.unicodeScalars)
        guard 0 <= span.start, span.start < span.end, span.end <= raw.count else {
            throw QuarryError.invalidInput(
                "question \(question): answer span \(span.start)..<\(span.end) does not fit document \(span.doc) (\(raw.count) characters)"
            )
        }
        func utf8Length(_ slice: ArraySlice<Unicode.Scalar>) -> Int { slice.reduce(0) { $0 + UTF8.width($1) } }
        let expected = document.indexed.bodyStart + utf8Length(raw[..<span.start])
        if document.raw == document.indexed.body {
            return expected..<(expected + utf8Length(raw[span.start..<span.end]))
        }
        var answer = String.UnicodeScalarView()
        answer.append(contentsOf: raw[span.start..<span.end])
        let needle = Array(BEIRDocumentText.normalize(String(answer)).utf8)
        let haystack = Array(document.indexed.text.utf8)
        var best: Int?
        if !needle.isEmpty, needle.count <= haystack.count {
            for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
                guard haystack[start..<(start + needle.count)].elementsEqual(needle) else { continue }
                if best.map({ abs($0 - expected) > abs(start - expected) }) ?? true { best = start }
            }
        }
        guard let best else {
            throw QuarryError.invalidInput("question \(question): the answer span's text is not in document \(span.doc)")
        }
        return best..<(best + needle.count)
    }
}
