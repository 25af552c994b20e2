#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What `stat(2)` says about a path (symbolic links followed): its kind, identity,
/// size and modification time, or why it cannot be looked at.
struct FileStatus {
    enum Kind {
        case regular, directory, other
    }

    /// A file's identity on this machine; two paths with equal identities are one file.
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    var kind: Kind
    var identity: Identity
    var size: Int
    var modified: Date

    /// Looks `path` up, following symbolic links.
    /// - Throws: ``LoaderError`` for a missing path, a broken link or no permission.
    init(path: FileSystemPath) throws(LoaderError) {
        var info = stat()
        guard path.withCString({ stat($0, &info) }) == 0 else {
            let code = errno
            throw LoaderError(path: path.description, reason: Self.reason(errno: code, path: path))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        size = Int(info.st_size)
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        modified = Date(timeIntervalSince1970: Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
    }

    private static func reason(errno code: Int32, path: FileSystemPath) -> String {
        switch code {
        case ENOENT:
            return path.isSymbolicLink
                ? "broken symbolic link (its target does not exist); fix or remove the link"
                : "no such file or folder; check the path"
        case EACCES:
            return "permission denied; make it readable or leave it out"
        case ELOOP:
            return "symbolic link loop; fix the link"
        default:
            return "cannot look at it (\(String(cString: strerror(code)))); check the path"
        }
    }
}
