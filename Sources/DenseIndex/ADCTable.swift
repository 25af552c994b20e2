/// Asymmetric distance computation for one query: `costs[m][j]` is the cost of
/// sub-space `m` taking centroid `j`, so a code's cost is a sum of `subspaces` lookups.
public struct ADCTable: Sendable {
    /// The metric the table was built for.
    public let metric: Metric
    /// Bytes per code.
    public let subspaces: Int
    /// `subspaces × 256` costs, smaller is closer.
    let costs: [Float]

    /// The approximate score of `code` against the query: ⟨q, decode(code)⟩ for
    /// inner product, ‖q − decode(code)‖² for L2.
    public func score(of code: [UInt8]) -> Float {
        var cost: Float = 0
        for m in 0 ..< subspaces { cost += costs[m * ProductQuantizer.centroidsPerSubspace + Int(code[m])] }
        return metric.score(fromCost: cost)
    }

    /// Scans `n` codes (`n × m` bytes) with their ids into `heap`, each costing
    /// `offset + Σ_s table[s][code_s]`; `table` is `m × 256` costs. Eight codes at a
    /// time in eight independent sums, one threshold test on their minimum.
    @inline(__always)
    static func scan(table: UnsafePointer<Float>, subspaces m: Int, codes: UnsafePointer<UInt8>,
                     ids: UnsafePointer<Int64>, count n: Int, offset: Float, into heap: inout TopK) {
        var i = 0
        while i + 8 <= n {
            let c = codes + i * m
            var s0 = offset, s1 = offset, s2 = offset, s3 = offset, s4 = offset, s5 = offset, s6 = offset, s7 = offset
            var t = table
            for s in 0 ..< m {
                s0 += t[Int(c[s])]
                s1 += t[Int(c[m + s])]
                s2 += t[Int(c[2 * m + s])]
                s3 += t[Int(c[3 * m + s])]
                s4 += t[Int(c[4 * m + s])]
                s5 += t[Int(c[5 * m + s])]
                s6 += t[Int(c[6 * m + s])]
                s7 += t[Int(c[7 * m + s])]
                t += ProductQuantizer.centroidsPerSubspace
            }
            let threshold = heap.threshold
            if min(min(min(s0, s1), min(s2, s3)), min(min(s4, s5), min(s6, s7))) < threshold {
                for (lane, sum) in [s0, s1, s2, s3, s4, s5, s6, s7].enumerated() where sum < heap.threshold {
                    heap.push(cost: sum, id: ids[i + lane])
                }
            }
            i += 8
        }
        while i < n {
            let c = codes + i * m
            var sum = offset
            for s in 0 ..< m { sum += table[s * ProductQuantizer.centroidsPerSubspace + Int(c[s])] }
            if sum < heap.threshold { heap.push(cost: sum, id: ids[i]) }
            i += 1
        }
    }
}
