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
    ///
    /// The hottest loop of a search. Index arithmetic wraps (`&+`, `&*`): every offset
    /// is below `n × m`, the size of a list that exists, so it cannot overflow, and the
    /// overflow checks of `+` and `*` would otherwise cost the loop its speed in a
    /// checked (`-O`) build.
    @inline(__always)
    static func scan(table: UnsafePointer<Float>, subspaces m: Int, codes: UnsafePointer<UInt8>,
                     ids: UnsafePointer<Int64>, count n: Int, offset: Float, into heap: inout TopK) {
        let ksub = ProductQuantizer.centroidsPerSubspace
        var i = 0
        while i &+ 8 <= n {
            let c0 = codes + i &* m
            let c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m, c6 = c5 + m, c7 = c6 + m
            var s0 = offset, s1 = offset, s2 = offset, s3 = offset, s4 = offset, s5 = offset, s6 = offset, s7 = offset
            var t = table
            var s = 0
            while s < m {
                s0 += t[Int(c0[s])]
                s1 += t[Int(c1[s])]
                s2 += t[Int(c2[s])]
                s3 += t[Int(c3[s])]
                s4 += t[Int(c4[s])]
                s5 += t[Int(c5[s])]
                s6 += t[Int(c6[s])]
                s7 += t[Int(c7[s])]
                t += ksub
                s &+= 1
            }
            if min(min(min(s0, s1), min(s2, s3)), min(min(s4, s5), min(s6, s7))) < heap.threshold {
                let lanes = ids + i
                if s0 < heap.threshold { heap.push(cost: s0, id: lanes[0]) }
                if s1 < heap.threshold { heap.push(cost: s1, id: lanes[1]) }
                if s2 < heap.threshold { heap.push(cost: s2, id: lanes[2]) }
                if s3 < heap.threshold { heap.push(cost: s3, id: lanes[3]) }
                if s4 < heap.threshold { heap.push(cost: s4, id: lanes[4]) }
                if s5 < heap.threshold { heap.push(cost: s5, id: lanes[5]) }
                if s6 < heap.threshold { heap.push(cost: s6, id: lanes[6]) }
                if s7 < heap.threshold { heap.push(cost: s7, id: lanes[7]) }
            }
            i &+= 8
        }
        while i < n {
            let c = codes + i &* m
            var sum = offset
            var t = table
            var s = 0
            while s < m {
                sum += t[Int(c[s])]
                t += ksub
                s &+= 1
            }
            if sum < heap.threshold { heap.push(cost: sum, id: ids[i]) }
            i &+= 1
        }
    }
}
