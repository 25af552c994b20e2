#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists a folder with `readdir(3)`, keeping each name's bytes as they are on disk
/// (`FileManager` turns bytes that are not UTF-8 into U+FFFD, losing the file).
enum FolderListing {
    /// The names in `folder`, "." and ".." left out, in the order the system gives.
    /// - Throws: ``LoaderError`` when the folder cannot be opened or read.
    static func names(in folder: FileSystemPath) throws(LoaderError) -> [[UInt8]] {
        guard let stream = folder.withCString({ opendir($0) }) else {
            throw failure(folder, errno: errno)
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw failure(folder, errno: errno) }
                return names
            }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] {
                names.append(name)
            }
        }
    }

    private static func failure(_ folder: FileSystemPath, errno code: Int32) -> LoaderError {
        LoaderError(path: folder.description, reason: "cannot list the folder (\(String(cString: strerror(code)))); "
            + "check its permissions or leave it out")
    }
}
