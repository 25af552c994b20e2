import ArgumentParser
import Foundation

/// Reads the texts of a `--file` argument: one text per line, or JSONL objects with a
/// `"text"` field (detected per line by a leading `{`).
enum TextFile {
    /// The non-empty texts of the file at `path`, in order.
    static func texts(from path: String) throws -> [String] {
        guard let content = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--file \(path): cannot read it as UTF-8 text")
        }
        var texts: [String] = []
        for (number, line) in content.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
                    let text = object["text"] as? String
                else {
                    throw ValidationError("--file \(path), line \(number + 1): a JSON line needs a string \"text\" field")
                }
                texts.append(text)
            } else if !trimmed.isEmpty {
                texts.append(String(line))
            }
        }
        return texts
    }
}
