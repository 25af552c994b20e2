import Foundation
import Models

/// The reference outputs in `../shared/golden/` (beside the repository root) and the
/// real models from the model cache.
enum GoldenFiles {
    /// The repository root, found from this source file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Parsed JSON of `../shared/golden/NAME`.
    static func load(_ name: String) throws -> [String: Any] {
        let url = repositoryRoot.appendingPathComponent("../shared/golden/\(name)").standardized
        guard let data = FileManager.default.contents(atPath: url.path),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw ModelError("golden file \(url.path) is missing or unreadable: the tests need ../shared/golden beside the repository") }
        return object
    }

    /// The `cases` array of a golden file.
    static func cases(_ name: String) throws -> [[String: Any]] {
        guard let cases = try load(name)["cases"] as? [[String: Any]] else {
            throw ModelError("golden file \(name) has no cases array")
        }
        return cases
    }
}
