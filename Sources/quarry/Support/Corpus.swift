import ArgumentParser
import Foundation

/// Reads passages (`title + ". " + text`) from a BEIR `corpus.jsonl`, as the peer scripts do.
enum Corpus {
    static func passages(_ path: String, limit: Int) throws -> [String] {
        guard let content = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--corpus \(path): cannot read it; pass a BEIR corpus.jsonl (run from the repository root so ../shared/datasets resolves)")
        }
        var passages: [String] = []
        for line in content.split(separator: "\n") where passages.count < limit {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw ValidationError("--corpus \(path): a line is not a JSON object")
            }
            passages.append("\(object["title"] as? String ?? ""). \(object["text"] as? String ?? "")")
        }
        return passages
    }
}
