import Foundation

/// Runs the faiss-cpu anchor script (`../shared/peers/faiss_glove.py`) with a Python
/// that has faiss installed, and reads the figures of the configuration Quarry runs.
struct FaissPeer {
    /// The Python interpreter (e.g. a venv's `bin/python`).
    var python: String
    /// The anchor script.
    var script: String

    /// The peer's figures for `IVF<lists>,PQ<subspaces>` at `nprobe`, refined ×10.
    func measure(dataset: String, threads: Int, queries: Int, lists: Int, subspaces: Int, nprobe: Int) throws -> DenseBenchReport.Figures {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BenchDenseError("--peer-python \(python) is not an executable; create it with `python3 -m venv /tmp/venv-faiss && /tmp/venv-faiss/bin/pip install faiss-cpu numpy`")
        }
        guard FileManager.default.fileExists(atPath: script) else {
            throw BenchDenseError("--peer-script \(script) does not exist; pass the path of shared/peers/faiss_glove.py")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, dataset, String(threads), String(queries)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchDenseError("the faiss peer \(script) exited with status \(process.terminationStatus); run it by hand to see why")
        }
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchDenseError("the faiss peer printed no JSON object")
        }
        let name = "IVF\(lists),PQ\(subspaces) nprobe=\(nprobe)"
        guard let plain = json[name] as? [String: Any], let refined = json["\(name) +refine(x10)"] as? [String: Any] else {
            throw BenchDenseError("the faiss peer has no figures for '\(name)'; it measures IVF1024 with PQ10/PQ25 at nprobe 8/32/64")
        }
        func number(_ object: [String: Any], _ key: String) -> Double { (object[key] as? NSNumber)?.doubleValue ?? .nan }
        return DenseBenchReport.Figures(
            system: json["system"] as? String ?? "faiss-cpu",
            spec: "IVF\(lists),PQ\(subspaces),Refine(10)", nprobe: nprobe, refine: 10, threads: threads,
            base: (json["base"] as? Int) ?? 0, queries: (json["queries"] as? Int) ?? queries,
            recall: number(refined, "recall@10"), qps: number(refined, "qps"),
            bytesPerVector: number(plain, "bytes_per_vector"), trainSeconds: nil, buildSeconds: number(plain, "build_s"))
    }
}

/// A `quarry bench dense` failure the user can fix, with the option at fault.
struct BenchDenseError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
