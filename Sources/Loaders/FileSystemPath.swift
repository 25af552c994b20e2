#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A path as the bytes the kernel takes, so names that are not valid UTF-8 survive.
///
/// Foundation's `URL` and `String` paths replace such bytes with U+FFFD, after which
/// the file cannot be opened. ``description`` is the printable form, with those bytes
/// (and control characters) escaped as `\xHH`; it is also how the index names a file.
public struct FileSystemPath: Hashable, Sendable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public let bytes: [UInt8]

    /// The path with these bytes.
    public init(bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// The path spelled by `string` (its UTF-8 bytes).
    public init(_ string: String) {
        bytes = Array(string.utf8)
    }

    /// The path of the file URL `url`.
    public init(_ url: URL) {
        self.init(url.path)
    }

    /// This folder's entry called `name` (bytes of one path component).
    public func appending(_ name: some Sequence<UInt8>) -> FileSystemPath {
        var bytes = self.bytes
        if bytes.last != UInt8(ascii: "/") { bytes.append(UInt8(ascii: "/")) }
        bytes.append(contentsOf: name)
        return FileSystemPath(bytes: bytes)
    }

    /// The last path component's bytes.
    var lastComponent: ArraySlice<UInt8> {
        let end = bytes.last == UInt8(ascii: "/") ? bytes.count - 1 : bytes.count
        let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        return bytes[start..<end]
    }

    /// What follows the last "." of the last component, "" when there is none (or the
    /// name only starts with one), as `URL.pathExtension` has it.
    public var pathExtension: String {
        let name = lastComponent
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > name.startIndex else { return "" }
        return String(decoding: name[(dot + 1)...], as: UTF8.self)
    }

    /// Whether `self` is `other` or lies inside it (compared component-wise).
    func isInside(_ other: FileSystemPath) -> Bool {
        let base = other.bytes.last == UInt8(ascii: "/") ? other.bytes.dropLast() : other.bytes[...]
        guard bytes.starts(with: base) else { return false }
        return bytes.count == base.count || bytes[base.count] == UInt8(ascii: "/")
    }

    /// Calls `body` with the path as a NUL-terminated C string.
    func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// The path with every symbolic link resolved (`realpath(3)`), or nil when a
    /// component is missing or cannot be read.
    func resolvingSymbolicLinks() -> FileSystemPath? {
        guard let resolved = withCString({ realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return FileSystemPath(bytes: UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }

    /// Opens the file for reading by its bytes (Foundation would turn a name that is
    /// not UTF-8 into one that does not exist).
    /// - Throws: ``LoaderError`` saying why the file cannot be opened.
    func openForReading() throws(LoaderError) -> FileHandle {
        let descriptor = withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else {
            let code = errno
            throw LoaderError(path: description, reason: "cannot open it (\(String(cString: strerror(code)))); "
                + "check its permissions")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Whether the path itself is a symbolic link (`lstat(2)`).
    var isSymbolicLink: Bool {
        var info = stat()
        return withCString { lstat($0, &info) } == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// The path as text: valid UTF-8 as it is; bytes that are not, and control
    /// characters, as `\xHH` so the name prints on one line and can be told apart.
    public var description: String {
        var text = ""
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        func escape(_ byte: UInt8) {
            text += String(format: "\\x%02X", byte)
        }
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    escape(UInt8(scalar.value))
                } else {
                    text.unicodeScalars.append(scalar)
                }
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<offset + length] { escape(byte) }
                offset += length
            case .emptyInput:
                return text
            }
        }
    }
}
