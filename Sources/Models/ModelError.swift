import Foundation

/// A model file or folder that cannot be used: names the file and says what to do.
public struct ModelError: Error, CustomStringConvertible, LocalizedError {
    /// One line naming the file at fault, what is wrong and what to do.
    public let message: String

    /// Creates an error with a complete one-line message; control characters in it (a
    /// name or a field read from a broken file) are escaped (`\u{1B}`), so printing it
    /// cannot drive the terminal.
    public init(_ message: String) {
        self.message = message.unicodeScalars.map {
            $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0)
        }.joined()
    }

    public var description: String { message }
    public var errorDescription: String? { message }

    static func truncated(_ path: String, _ what: String) -> ModelError {
        ModelError("\(path): file is truncated (\(what)); re-download it (Deploy/fetch-models.sh verifies checksums)")
    }

    static func malformed(_ path: String, _ what: String) -> ModelError {
        ModelError("\(path): not a valid model file (\(what))")
    }
}
