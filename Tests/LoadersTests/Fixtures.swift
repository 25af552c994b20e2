#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Loaders

/// Test files: the shipped fixtures, and fresh temporary folders.
enum Fixtures {
    /// The URL of a file in `Tests/LoadersTests/Fixtures/`.
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// A new empty folder under the system temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-loaders-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to `name` inside `folder` (creating subfolders) and returns its URL.
    @discardableResult
    static func write(_ bytes: some Sequence<UInt8>, to name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url
    }

    /// Writes `text` as UTF-8 to `name` inside `folder` and returns its URL.
    @discardableResult
    static func write(_ text: String, to name: String, in folder: URL) throws -> URL {
        try write(Array(text.utf8), to: name, in: folder)
    }

    /// Creates `name` (raw bytes, which need not be UTF-8) inside `folder` through the
    /// C API, as a shell or another program would, writes `bytes` to it and returns
    /// its path. Foundation cannot spell such a name.
    @discardableResult
    static func write(_ bytes: [UInt8], toRawName name: [UInt8], in folder: URL) throws -> FileSystemPath {
        let path = FileSystemPath(folder).appending(name)
        let descriptor = (path.bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
        }
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        try FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).write(contentsOf: bytes)
        return path
    }
}
