import QuarryCore
import Kernels

/// Lloyd's k-means under L2, in the manner of FAISS's `Clustering`: a fixed seed,
/// at most `maxPointsPerCluster × clusters` sampled points, an iteration cap, and
/// empty clusters repaired by splitting a large one.
public struct KMeans: Sendable {
    /// How the first centroids are chosen.
    public enum Initialization: Sendable, Hashable {
        /// Distinct random points (FAISS's default).
        case random
        /// k-means++: each next centroid drawn with probability ∝ squared distance.
        case plusPlus
    }

    /// What training produced.
    public struct Result: Sendable {
        /// `clusters × dimension` centroids.
        public var centroids: VectorMatrix
        /// Sum of squared distances from each training point to its centroid, after
        /// the last assignment.
        public var objective: Float
        /// How many times an empty cluster was repaired.
        public var repairedClusters: Int
    }

    /// Number of centroids.
    public var clusters: Int
    /// Lloyd iterations (FAISS: 25).
    public var iterations: Int
    /// Seed for sampling and initialisation.
    public var seed: UInt64
    /// Training uses at most this many points per centroid (FAISS: 256).
    public var maxPointsPerCluster: Int
    /// Initial centroids.
    public var initialization: Initialization
    /// Threads for assignment (BLAS picks its own for wide vectors).
    public var threads: Int
    /// Scale centroids to unit norm after each update (FAISS's `spherical`), so that
    /// the nearest centroid by L2 is also the one of largest inner product.
    public var spherical: Bool

    /// A k-means with FAISS's defaults.
    public init(clusters: Int, iterations: Int = 25, seed: UInt64 = 1234, maxPointsPerCluster: Int = 256,
                initialization: Initialization = .random, threads: Int = 2, spherical: Bool = false) {
        self.clusters = clusters
        self.iterations = iterations
        self.seed = seed
        self.maxPointsPerCluster = maxPointsPerCluster
        self.initialization = initialization
        self.threads = threads
        self.spherical = spherical
    }

    /// Clusters the rows of `data`; needs at least `clusters` rows.
    public func train(_ data: VectorMatrix) throws -> Result {
        guard clusters > 0, iterations > 0 else {
            throw DenseIndexError.invalidArgument("k-means needs clusters > 0 and iterations > 0, got \(clusters) and \(iterations)")
        }
        guard data.count >= clusters else {
            throw DenseIndexError.notEnoughTrainingVectors(needed: clusters, found: data.count, context: "k-means with \(clusters) clusters")
        }
        var random = SeededGenerator(seed: seed)
        let sample = subsample(data, using: &random)
        let d = data.dimension, n = sample.count
        var centroids = initialCentroids(sample, using: &random)
        if spherical { normalize(&centroids, dimension: d) }
        var objective: Float = 0
        var repaired = 0
        for iteration in 0 ..< iterations {
            let assigner = CentroidAssigner(centroids: VectorMatrix(unchecked: centroids, dimension: d))
            let (labels, distances) = sample.values.withUnsafeBufferPointer {
                assigner.assign($0.baseAddress!, count: n, threads: threads)
            }
            objective = distances.reduce(0, +)
            if iteration == iterations - 1 { break }
            var sums = [Double](repeating: 0, count: clusters * d)
            var sizes = [Int](repeating: 0, count: clusters)
            // Labels come from the assigner (each < clusters) and rows from the sample
            // (n × d floats), so the offsets are in bounds: buffer pointers, wrapping math.
            sample.values.withUnsafeBufferPointer { x in
                sums.withUnsafeMutableBufferPointer { sums in
                    labels.withUnsafeBufferPointer { labels in
                        let xs = x.baseAddress!, totals = sums.baseAddress!
                        for p in 0 ..< n {
                            let c = Int(labels[p])
                            sizes[c] += 1
                            let row = xs + p &* d, total = totals + c &* d
                            for i in 0 ..< d { total[i] += Double(row[i]) }
                        }
                    }
                }
            }
            centroids.withUnsafeMutableBufferPointer { centroids in
                sums.withUnsafeBufferPointer { sums in
                    for c in 0 ..< clusters where sizes[c] > 0 {
                        let size = Double(sizes[c]), total = sums.baseAddress! + c &* d, centroid = centroids.baseAddress! + c &* d
                        for i in 0 ..< d { centroid[i] = Float(total[i] / size) }
                    }
                }
            }
            repaired += repairEmptyClusters(&centroids, sizes: &sizes, dimension: d, using: &random)
            if spherical { normalize(&centroids, dimension: d) }
        }
        return Result(centroids: VectorMatrix(unchecked: centroids, dimension: d), objective: objective, repairedClusters: repaired)
    }

    private func normalize(_ centroids: inout [Float], dimension d: Int) {
        centroids = VectorMatrix(unchecked: centroids, dimension: d).normalized().values
    }

    private func subsample(_ data: VectorMatrix, using random: inout SeededGenerator) -> VectorMatrix {
        let cap = maxPointsPerCluster * clusters
        guard data.count > cap else { return data }
        var values = [Float]()
        values.reserveCapacity(cap * data.dimension)
        for row in random.sample(cap, from: data.count).sorted() {
            values.append(contentsOf: data.values[row * data.dimension ..< (row + 1) * data.dimension])
        }
        return VectorMatrix(unchecked: values, dimension: data.dimension)
    }

    private func initialCentroids(_ sample: VectorMatrix, using random: inout SeededGenerator) -> [Float] {
        let d = sample.dimension
        var rows: [Int]
        switch initialization {
        case .random:
            rows = random.sample(clusters, from: sample.count)
        case .plusPlus:
            rows = plusPlusRows(sample, using: &random)
        }
        var centroids = [Float]()
        centroids.reserveCapacity(clusters * d)
        for row in rows { centroids.append(contentsOf: sample.values[row * d ..< (row + 1) * d]) }
        return centroids
    }

    /// k-means++ seeding: O(n·k·d), each new centroid updates every point's distance.
    private func plusPlusRows(_ sample: VectorMatrix, using random: inout SeededGenerator) -> [Int] {
        let d = sample.dimension, n = sample.count
        var rows = [Int.random(in: 0 ..< n, using: &random)]
        var nearest = [Float](repeating: .infinity, count: n)
        sample.values.withUnsafeBufferPointer { x in
            let base = x.baseAddress!
            while rows.count < clusters {
                let last = base + rows[rows.count - 1] * d
                var total: Double = 0
                for p in 0 ..< n {
                    nearest[p] = min(nearest[p], VectorMath.squaredDistance(base + p * d, last, count: d))
                    total += Double(nearest[p])
                }
                var target = Double.random(in: 0 ..< max(total, .leastNonzeroMagnitude), using: &random)
                var chosen = n - 1
                for p in 0 ..< n {
                    target -= Double(nearest[p])
                    if target < 0 { chosen = p; break }
                }
                rows.append(chosen)
            }
        }
        return rows
    }

    /// FAISS's repair: an empty cluster takes a copy of a cluster chosen with probability
    /// ∝ its size − 1, and the two are nudged apart symmetrically.
    private func repairEmptyClusters(_ centroids: inout [Float], sizes: inout [Int], dimension d: Int,
                                     using random: inout SeededGenerator) -> Int {
        let epsilon: Float = 1.0 / 1024
        let n = sizes.reduce(0, +)
        var repaired = 0
        for empty in 0 ..< clusters where sizes[empty] == 0 {
            var donor = 0
            while true {
                let r = Double.random(in: 0 ..< 1, using: &random)
                if r * Double(n - clusters) < Double(sizes[donor] - 1) { break }
                donor = (donor + 1) % clusters
            }
            for i in 0 ..< d {
                let value = centroids[donor * d + i]
                let nudge = i % 2 == 0 ? 1 + epsilon : 1 - epsilon
                centroids[empty * d + i] = value * nudge
                centroids[donor * d + i] = value * (2 - nudge)
            }
            sizes[empty] = sizes[donor] / 2
            sizes[donor] -= sizes[empty]
            repaired += 1
        }
        return repaired
    }
}
