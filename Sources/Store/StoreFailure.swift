import GRDB
import QuarryCore

/// The errors an index file can cause, as ``QuarryError``s naming the file and what to do:
/// the one place that words them, for the CLI and the HTTP API alike.
enum StoreFailure {
    /// The file's rows break Quarry's own invariants (an internal error: exit 2, 500).
    static func corrupt(path: String, _ what: String) -> QuarryError {
        QuarryError(.internal, "\(path): the index file is damaged (\(what)); re-index into a new --index file")
    }

    /// A write to the index file at `path`, opened read-only; `detail` ends the message.
    static func readOnly(path: String, _ detail: String) -> QuarryError {
        QuarryError(
            .unavailable,
            "\(path) is read-only for this process (permissions of the file or its folder, or a read-only mount): "
                + "it answers questions but takes no writes; give this user write access to both, or index into "
                + "another --index file \(detail)"
        )
    }

    /// Seconds a client should wait before writing again to a locked index.
    static let lockedRetrySeconds = 5
    /// Seconds a client should wait before writing again to a full disk.
    static let fullRetrySeconds = 60

    /// What SQLite's `error` on the index file at `path` means to the user. The machine
    /// (a full disk, a lock another process holds, permissions, a damaged file) is the
    /// user's environment: `.unavailable` (503, exit 1), with `retryAfter` where waiting
    /// helps; any other SQLite error is Quarry's own fault.
    static func database(_ error: DatabaseError, path: String) -> QuarryError {
        let sqlite = "SQLite: " + (error.message ?? "error \(error.resultCode.rawValue)")
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return QuarryError(
                .unavailable,
                "\(path) is locked: another process (a `quarry index` run, another server) has been writing to it "
                    + "for over 10 s; try again when it has finished (\(sqlite))",
                retryAfter: lockedRetrySeconds
            )
        case .SQLITE_FULL:
            return QuarryError(
                .unavailable,
                "the disk holding \(path) is full, so nothing was written; free space and try again (\(sqlite))",
                retryAfter: fullRetrySeconds
            )
        case .SQLITE_READONLY:
            return readOnly(path: path, "(\(sqlite))")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return QuarryError(
                .unavailable,
                "\(path) is not a Quarry index or is damaged (\(sqlite)); pass the file `quarry index` wrote, "
                    + "restore it from a copy, or re-index into a new --index file"
            )
        case .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return QuarryError(
                .unavailable,
                "cannot read or write \(path) (\(sqlite)); check the disk, the file's and its folder's permissions, "
                    + "and that the folder still exists"
            )
        default:
            return QuarryError(.internal, "\(path): \(sqlite)")
        }
    }
}
