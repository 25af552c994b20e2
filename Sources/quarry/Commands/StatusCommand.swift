import ArgumentParser
import Store

/// `quarry status`: what an index file holds.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how many sources, documents, chunks and terms the index holds, and the BLAS core and kernel paths in use."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
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
