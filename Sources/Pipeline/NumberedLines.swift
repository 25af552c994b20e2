import Foundation
import QuarryCore

/// The non-blank lines (LF, CRLF or CR ends) of an evaluation file (JSONL, TSV) with their 1-based line
/// numbers in the file, so an error can name the line at fault.
enum NumberedLines {
    /// The lines of the file at `url`; throws an invalid-input error when it cannot be read.
    static func read(_ url: URL) throws -> [(number: Int, text: Substring)] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw QuarryError.invalidInput("cannot read \(url.path); check the path")
        }
        return String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .enumerated().map { ($0.offset + 1, $0.element) }
            .filter { !$0.text.allSatisfy(\.isWhitespace) }
    }
}
