import ArgumentParser
import Foundation
import Store

/// `quarry status`: what an index file holds, and what this machine computes with. Without
/// an index file at `--index` it still reports the machine (the BLAS core and kernel paths)
/// and says there is no index, exiting 0, so a script can ask for the kernels before indexing.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how many sources, documents, chunks and terms the index holds, "
            + "and the BLAS core and kernel paths in use.",
        discussion: "Without an index file at --index, reports the BLAS core and kernel paths and says there is "
            + "no index (\"index_exists\": false with --json); the exit status is 0 either way."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard FileManager.default.fileExists(atPath: global.indexURL.path) else {
            if global.json {
                try Output.json(StatusReport(statistics: nil))
            } else {
                print("\(global.index): no index here; build one with `quarry index PATH… --index \(global.index)`")
                print(HardwareReport.current.summary)
            }
            return
        }
        let store = try QuarryStore(url: global.indexURL, create: false)
        let statistics = try store.statistics()
        if global.json {
            try Output.json(StatusReport(statistics: statistics))
        } else {
            print("\(global.index): \(statistics.sources) files, \(statistics.documents) documents, "
                + "\(statistics.chunks) chunks, \(statistics.terms) terms")
            if let settings = try store.meta("settings") { print("settings: \(settings)") }
            print(HardwareReport.current.summary)
        }
    }
}
