import Foundation

/// Writes command results: JSON documents on stdout, human text on stdout,
/// progress and diagnostics on stderr.
enum Output {
    /// Prints `value` as one JSON document with sorted keys on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    /// Prints a line on stderr.
    static func status(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
