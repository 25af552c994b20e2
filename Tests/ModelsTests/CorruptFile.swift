import Foundation
import Models

/// Runs a model-file reader on bytes written to a temporary file.
enum CorruptFile {
    /// The `ModelError` that `open` throws for a file holding `data`, or nil when it opens.
    /// Any other error is rethrown, so a test sees a reader that fails in the wrong way.
    static func error(_ data: Data, name: String, _ open: (String) throws -> Void) throws -> ModelError? {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-\(UUID().uuidString)-\(name)").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try open(path)
            return nil
        } catch let error as ModelError {
            return error
        }
    }

    /// Opens `path` as GGUF and decodes every tensor, so a file that opens is also read.
    static func readGGUF(_ path: String) throws {
        let file = try GGUFFile(path: path)
        for name in file.tensorNames { _ = try file.floats(name) }
    }

    /// Opens `path` as safetensors and decodes every F32/F16/BF16 tensor.
    static func readSafetensors(_ path: String) throws {
        let file = try SafetensorsFile(path: path)
        for name in file.tensors.keys { _ = try file.floats(name) }
    }

    /// `data` with bit `bit` of byte `byte` inverted.
    static func flipping(_ data: Data, byte: Int, bit: Int) -> Data {
        var copy = data
        copy[copy.startIndex + byte] ^= UInt8(1) << bit
        return copy
    }
}
