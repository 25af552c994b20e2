/// Expands files and folders given by a user into the files to load, in a
/// deterministic order.
///
/// Folders are walked recursively with entries sorted by name (byte order); names are
/// kept as bytes, so files whose names are not UTF-8 are found too. Symbolic links
/// inside a folder are followed while their target lies inside one of the given paths;
/// a link leading anywhere else is reported and skipped unless ``followSymlinks`` is
/// set, so a link to `/etc/passwd` cannot pull that file into the index. A link back to
/// a folder being walked is reported as a loop and skipped, and a file or folder
/// reached twice is listed once (by device and inode). Inside folders, hidden entries
/// (names starting with ".") and files of other formats are skipped quietly. A path
/// given explicitly that is missing, unreadable or of an unsupported format becomes a
/// problem.
public struct FileWalker: Sendable {
    /// The formats to collect.
    public var allowedFormats: Set<DocumentFormat>
    /// Whether symbolic links whose targets lie outside every given path are followed.
    public var followSymlinks: Bool

    /// Creates a walker that collects files of `allowedFormats` (all formats by
    /// default) and follows links out of the given paths only if `followSymlinks`.
    public init(allowedFormats: Set<DocumentFormat> = Set(DocumentFormat.allCases), followSymlinks: Bool = false) {
        self.allowedFormats = allowedFormats
        self.followSymlinks = followSymlinks
    }

    /// The files under `paths`, in the order given (each folder's content sorted), and
    /// the problems met on the way; a problem never stops the walk.
    public func files(under paths: [FileSystemPath]) -> (files: [FileSystemPath], problems: [LoaderError]) {
        let roots = followSymlinks ? nil : paths.compactMap { $0.resolvingSymbolicLinks() }
        var walk = Walk(allowedFormats: allowedFormats, roots: roots)
        for path in paths {
            walk.visitGiven(path)
        }
        return (walk.files, walk.problems)
    }

    /// The state of one expansion.
    private struct Walk {
        let allowedFormats: Set<DocumentFormat>
        /// Where links may lead (the given paths, resolved); nil follows every link.
        let roots: [FileSystemPath]?
        var files: [FileSystemPath] = []
        var problems: [LoaderError] = []
        private var seen: Set<FileStatus.Identity> = []
        /// The printed names of `files`, which the index uses as their keys.
        private var names: Set<String> = []
        /// The folders being walked, outermost first, to recognise loops.
        private var ancestors: [(identity: FileStatus.Identity, path: FileSystemPath)] = []

        init(allowedFormats: Set<DocumentFormat>, roots: [FileSystemPath]?) {
            self.allowedFormats = allowedFormats
            self.roots = roots
        }

        mutating func visitGiven(_ path: FileSystemPath) {
            let status: FileStatus
            do {
                status = try FileStatus(path: path)
            } catch {
                problems.append(error)
                return
            }
            switch status.kind {
            case .directory:
                walkFolder(path, identity: status.identity)
            case .regular:
                guard let format = DocumentFormat(fileExtension: path.pathExtension) else {
                    problems.append(LoaderError(path: path.description,
                                                reason: DocumentLoader.unsupportedReason(extension: path.pathExtension)))
                    return
                }
                guard allowedFormats.contains(format) else {
                    problems.append(LoaderError(path: path.description, reason: "\(format.rawValue) files are "
                        + "excluded by the chosen formats; allow that format or leave the file out"))
                    return
                }
                add(path, identity: status.identity)
            case .other:
                problems.append(LoaderError(path: path.description, reason: "not a regular file or folder; leave it out"))
            }
        }

        private mutating func add(_ path: FileSystemPath, identity: FileStatus.Identity) {
            guard seen.insert(identity).inserted else { return }
            guard names.insert(path.description).inserted else {
                problems.append(LoaderError(path: path.description, reason: "another file's name prints the same "
                    + "(one of them is not valid UTF-8), so the index cannot tell them apart; skipped. Rename one of them"))
                return
            }
            files.append(path)
        }

        private mutating func walkFolder(_ path: FileSystemPath, identity: FileStatus.Identity) {
            if let ancestor = ancestors.first(where: { $0.identity == identity }) {
                problems.append(LoaderError(path: path.description, reason: "symbolic link loop: this leads back to "
                    + "\(ancestor.path), which is already being read; skipped (remove the link to silence this)"))
                return
            }
            guard seen.insert(identity).inserted else { return }
            let names: [[UInt8]]
            do {
                names = try FolderListing.names(in: path)
            } catch {
                problems.append(error)
                return
            }
            ancestors.append((identity, path))
            defer { ancestors.removeLast() }
            let sorted = names.filter { $0.first != UInt8(ascii: ".") }.sorted { $0.lexicographicallyPrecedes($1) }
            for name in sorted {
                visitInside(path.appending(name))
            }
        }

        private mutating func visitInside(_ path: FileSystemPath) {
            let status: FileStatus
            do {
                status = try FileStatus(path: path)
            } catch {
                problems.append(error)
                return
            }
            switch status.kind {
            case .directory:
                if staysInside(path) { walkFolder(path, identity: status.identity) }
            case .regular:
                if let format = DocumentFormat(fileExtension: path.pathExtension), allowedFormats.contains(format),
                   staysInside(path) {
                    add(path, identity: status.identity)
                }
            case .other:
                break
            }
        }

        /// Whether `path` may be read: it is no symbolic link, links are followed
        /// anywhere, or its target lies inside a root. Reports the link otherwise.
        private mutating func staysInside(_ path: FileSystemPath) -> Bool {
            guard let roots, path.isSymbolicLink, let target = path.resolvingSymbolicLinks() else { return true }
            if roots.contains(where: target.isInside) { return true }
            problems.append(LoaderError(path: path.description, reason: "links outside the indexed folder to "
                + "\(target); skipped. Pass --follow-symlinks to index it"))
            return false
        }
    }
}
