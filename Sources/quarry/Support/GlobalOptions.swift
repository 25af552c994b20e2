import ArgumentParser
import Foundation

/// Options every command takes: which index file, and machine-readable output.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The index file (one SQLite database).")
    var index: String = "Indexes/default.quarry"

    @Flag(name: .long, help: "Print machine-readable JSON on stdout; progress and logs go to stderr.")
    var json: Bool = false

    /// The index path as a file URL.
    var indexURL: URL { URL(fileURLWithPath: index) }
}
