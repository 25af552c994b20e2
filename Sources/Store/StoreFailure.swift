import QuarryCore

/// The errors an index file can cause, as ``QuarryError``s naming the file and what to do.
enum StoreFailure {
    /// The file is damaged or not what it claims to be (an internal error: exit 2, 500).
    static func corrupt(path: String, _ what: String) -> QuarryError {
        QuarryError(.internal, "\(path): the index file is damaged (\(what)); re-index into a new --index file")
    }
}
