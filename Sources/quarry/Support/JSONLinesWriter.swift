import ArgumentParser
import Foundation

/// Writes one JSON object per line to a file (`--dump`), flushed line by line so a
/// run stopped half-way leaves the lines measured so far.
final class JSONLinesWriter {
    private let handle: FileHandle
    private let encoder: JSONEncoder

    /// Creates (or truncates) the file at `path`.
    init(creating path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path); check that its folder exists and is writable")
        }
        self.handle = handle
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    deinit {
        try? handle.close()
    }

    /// Appends `value` as one line.
    func write(_ value: some Encodable) throws {
        var line = try encoder.encode(value)
        line.append(0x0A)
        try handle.write(contentsOf: line)
    }
}
