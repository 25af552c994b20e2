import Foundation
import Kernels
import Testing

/// The built `quarry` reports the OpenBLAS kernels it runs, respects a user's
/// OPENBLAS_CORETYPE (even a generic, slow core: the run OpenBLAS would make on a CPU it
/// does not know), and without one runs a core of the best tier this CPU has.
@Suite("BLAS core choice, end to end", .serialized)
struct BLASCoreReportTests {
    let quarry: QuarryBinary
    let directory: URL

    init() throws {
        quarry = try QuarryBinary()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-blas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("OpenBLAS picks its kernels when the library loads.".utf8).write(to: directory.appendingPathComponent("docs/blas.txt"))
        let index = try quarry.run(["index", "docs", "--index", "i.quarry", "--json"], in: directory)
        try #require(index.status == 0, "\(index.stderr)")
    }

    /// This environment without OPENBLAS_CORETYPE (and without Quarry's own marker), plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = nil
        environment["QUARRY_OPENBLAS_CORETYPE"] = nil
        return environment.merging(extra) { $1 }
    }

    func blas(_ environment: [String: String]) throws -> (core: String, chosenBy: String) {
        let status = try quarry.run(["status", "--index", "i.quarry", "--json"], in: directory, environment: environment)
        try #require(status.status == 0, "\(status.stderr)")
        let blas = try #require(status.json?["blas"] as? [String: Any], "status --json lacks blas: \(status.stdout)")
        #expect(status.json?["chunks"] as? Int == 1, "the index counts are still at the top level")
        #expect(status.json?["index_exists"] as? Bool == true)
        return (try #require(blas["core"] as? String), try #require(blas["chosen_by"] as? String))
    }

    @Test("an explicit OPENBLAS_CORETYPE=Prescott is respected and reported as the environment's")
    func explicitGenericCore() throws {
        let blas = try blas(Self.environment(["OPENBLAS_CORETYPE": "Prescott"]))
        #expect(blas.core == "Prescott")
        #expect(blas.chosenBy == "environment")
        let text = try quarry.run(["status", "--index", "i.quarry"], in: directory, environment: Self.environment(["OPENBLAS_CORETYPE": "Prescott"]))
        #expect(text.stdout.contains("BLAS core Prescott (chosen by environment)"), "\(text.stdout)")
    }

    @Test("with OPENBLAS_CORETYPE unset, the core reported is of the best tier this CPU runs")
    func unsetChoosesBest() throws {
        let blas = try blas(Self.environment())
        #expect(["quarry", "openblas"].contains(blas.chosenBy))
        if let best = BLASCoreChoice.bestCore(for: .current) {
            #expect(BLASCoreChoice.tier(of: blas.core) >= BLASCoreChoice.tier(of: best), "runs \(blas.core), this CPU runs \(best)")
        }
        print("BLAS core with OPENBLAS_CORETYPE unset: \(blas.core), chosen by \(blas.chosenBy)")
    }
}
