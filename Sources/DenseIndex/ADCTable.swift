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
    /// `offset + Σ_m table[m][code_m]`; `table` is `m × 256` costs. Eight codes at a time:
    /// eight sums in a SIMD8 register, one vector compare against the heap's threshold.
    @inline(__always)
    static func scan(table: UnsafePointer<Float>, subspaces m: Int, codes: UnsafePointer<UInt8>,
                     ids: UnsafePointer<Int64>, count n: Int, offset: Float, into heap: inout TopK) {
        var i = 0
        while i + 8 <= n {
            let c = codes + i * m
            var sums = SIMD8<Float>(repeating: offset)
            var t = table
            for s in 0 ..< m {
                sums += SIMD8(t[Int(c[s])], t[Int(c[m + s])], t[Int(c[2 * m + s])], t[Int(c[3 * m + s])],
                              t[Int(c[4 * m + s])], t[Int(c[5 * m + s])], t[Int(c[6 * m + s])], t[Int(c[7 * m + s])])
                t += ProductQuantizer.centroidsPerSubspace
            }
            if any(sums .< SIMD8(repeating: heap.threshold)) {
                for lane in 0 ..< 8 where sums[lane] < heap.threshold {
                    heap.push(cost: sums[lane], id: ids[i + lane])
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
