/// A failure that is Quarry's fault, not the user's: reported with exit status 2.
struct InternalError: Error {
    /// What went wrong, for the one-line report on stderr.
    let message: String
}
