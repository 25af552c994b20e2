import Foundation

/// Expands files and folders given by a user into the files to load, in a
/// deterministic order.
///
/// Folders are walked recursively with entries sorted by name (byte order). Symbolic
/// links are followed; a link back to a folder being walked is reported as a loop and
/// skipped, and a file or folder reached twice is listed once (by device and inode).
/// Inside folders, hidden entries (names starting with ".") and files of other formats
/// are skipped quietly. A path given explicitly that is missing, unreadable or of an
/// unsupported format becomes a problem.
public struct FileWalker: Sendable {
    /// The formats to collect.
    public var allowedFormats: Set<DocumentFormat>

    /// Creates a walker that collects files of `allowedFormats` (all formats by default).
    public init(allowedFormats: Set<DocumentFormat> = Set(DocumentFormat.allCases)) {
        self.allowedFormats = allowedFormats
    }

    /// The files under `paths`, in the order given (each folder's content sorted), and
    /// the problems met on the way; a problem never stops the walk.
    public func files(under paths: [URL]) -> (files: [URL], problems: [LoaderError]) {
        var walk = Walk(allowedFormats: allowedFormats)
        for url in paths {
            walk.visitGiven(url)
        }
        return (walk.files, walk.problems)
    }

    /// The state of one expansion.
    private struct Walk {
        let allowedFormats: Set<DocumentFormat>
        var files: [URL] = []
        var problems: [LoaderError] = []
        private var seen: Set<FileStatus.Identity> = []
        /// The folders being walked, outermost first, to recognise loops.
        private var ancestors: [(identity: FileStatus.Identity, url: URL)] = []

        init(allowedFormats: Set<DocumentFormat>) {
            self.allowedFormats = allowedFormats
        }

        mutating func visitGiven(_ url: URL) {
            let status: FileStatus
            do {
                status = try FileStatus(path: url.path)
            } catch {
                problems.append(error)
                return
            }
            switch status.kind {
            case .directory:
                walkFolder(url, identity: status.identity)
            case .regular:
                guard let format = DocumentFormat(fileExtension: url.pathExtension) else {
                    problems.append(LoaderError(path: url.path, reason: DocumentLoader.unsupportedReason(url)))
                    return
                }
                guard allowedFormats.contains(format) else {
                    problems.append(LoaderError(path: url.path, reason: "\(format.rawValue) files are excluded "
                        + "by the chosen formats; allow that format or leave the file out"))
                    return
                }
                add(url, identity: status.identity)
            case .other:
                problems.append(LoaderError(path: url.path, reason: "not a regular file or folder; leave it out"))
            }
        }

        private mutating func add(_ url: URL, identity: FileStatus.Identity) {
            if seen.insert(identity).inserted { files.append(url) }
        }

        private mutating func walkFolder(_ url: URL, identity: FileStatus.Identity) {
            if let ancestor = ancestors.first(where: { $0.identity == identity }) {
                problems.append(LoaderError(path: url.path, reason: "symbolic link loop: this leads back to "
                    + "\(ancestor.url.path), which is already being read; skipped (remove the link to silence this)"))
                return
            }
            guard seen.insert(identity).inserted else { return }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            } catch {
                problems.append(LoaderError(path: url.path, reason: "cannot list the folder; check its permissions"))
                return
            }
            ancestors.append((identity, url))
            defer { ancestors.removeLast() }
            let sorted = names.filter { !$0.hasPrefix(".") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for name in sorted {
                visitInside(url.appendingPathComponent(name))
            }
        }

        private mutating func visitInside(_ url: URL) {
            let status: FileStatus
            do {
                status = try FileStatus(path: url.path)
            } catch {
                problems.append(error)
                return
            }
            switch status.kind {
            case .directory:
                walkFolder(url, identity: status.identity)
            case .regular:
                if let format = DocumentFormat(fileExtension: url.pathExtension), allowedFormats.contains(format) {
                    add(url, identity: status.identity)
                }
            case .other:
                break
            }
        }
    }
}
