/// The JSON `quarry bench dense --json` prints: Quarry's figures, the faiss peer's
/// when it was run, and Quarry ÷ peer ratios.
struct DenseBenchReport: Encodable {
    /// One system's figures on the benchmark.
    struct Figures: Encodable {
        var system: String
        var spec: String
        var nprobe: Int
        var refine: Int
        var threads: Int
        var base: Int
        var queries: Int
        var recall: Double
        var qps: Double
        var bytesPerVector: Double
        var trainSeconds: Double?
        var buildSeconds: Double

        enum CodingKeys: String, CodingKey {
            case system, spec, nprobe, refine, threads, base, queries
            case recall = "recall@10", qps, bytesPerVector = "bytes_per_vector"
            case trainSeconds = "train_s", buildSeconds = "build_s"
        }
    }

    /// Quarry ÷ peer.
    struct Ratios: Encodable {
        var qps: Double
        var recall: Double
        var buildSeconds: Double

        enum CodingKeys: String, CodingKey {
            case qps, recall = "recall@10", buildSeconds = "build_s"
        }
    }

    var dataset: String
    var quarry: Figures
    var peer: Figures?
    var ratio: Ratios?

    init(dataset: String, quarry: Figures, peer: Figures?) {
        self.dataset = dataset
        self.quarry = quarry
        self.peer = peer
        ratio = peer.map { peer in
            Ratios(qps: (quarry.qps / peer.qps).rounded(toPlaces: 3),
                   recall: (quarry.recall / peer.recall).rounded(toPlaces: 3),
                   buildSeconds: (quarry.buildSeconds / peer.buildSeconds).rounded(toPlaces: 3))
        }
    }
}

extension Double {
    /// This value rounded to `places` decimal places, for readable JSON.
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0 ..< places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
