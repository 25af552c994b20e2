import DenseIndex
import Testing

@Suite struct IndexSpecTests {
    @Test(arguments: ["Flat", "PQ48", "IVF1024,PQ48", "IVF1024,PQ25,Refine(10)", "PQ8,Refine(3)"])
    func roundTrips(text: String) throws {
        let spec = try IndexSpec(parsing: text)
        #expect(spec.description == text)
        #expect(IndexSpec(spec.description) == spec)
    }

    @Test func readsParts() throws {
        #expect(try IndexSpec(parsing: "IVF1024,PQ48").structure == .ivfPQ(lists: 1024, subspaces: 48))
        #expect(try IndexSpec(parsing: "IVF256,PQ8,RFlat").refineFactor == 10)
        #expect(try IndexSpec(parsing: " PQ16 ").structure == .pq(subspaces: 16))
    }

    @Test(arguments: ["", "flat", "PQ", "PQ0", "PQ-4", "IVF,PQ8", "IVF100", "IVF100,Flat", "PQ8,IVF100",
                      "IVF10,PQ8,Refine(0)", "IVF10,PQ8,Refine(x)", "Flat,RFlat", "HNSW32", "IVF10,PQ8,PQ8"])
    func rejects(text: String) {
        #expect(IndexSpec(text) == nil)
        #expect(throws: DenseIndexError.self) { try IndexSpec(parsing: text) }
    }

    @Test func errorNamesTheSpec() {
        do {
            _ = try IndexSpec(parsing: "IVF12,PQx")
            Issue.record("parsed")
        } catch {
            #expect("\(error)".contains("IVF12,PQx"))
        }
    }

    @Test func automaticChoosesBySize() throws {
        #expect(IndexSpec.automatic(count: 5000, dimension: 384).structure == .flat)
        #expect(try IndexSpec.automatic(count: 390_000, dimension: 50) == IndexSpec(parsing: "IVF1024,PQ25,Refine(10)"))
        #expect(IndexSpec.automatic(count: 1_000_000, dimension: 384).structure == .ivfPQ(lists: 1024, subspaces: 48))
        for count in [20000, 100_000, 5_000_000] {
            let spec = IndexSpec.automatic(count: count, dimension: 384)
            guard case let .ivfPQ(lists, subspaces) = spec.structure else { Issue.record("\(spec)"); continue }
            #expect(lists * 39 <= count)
            #expect(384 % subspaces == 0)
            #expect(try IndexSpec(parsing: spec.description) == spec)
        }
    }

    @Test func specMustFitDimension() {
        #expect(throws: DenseIndexError.self) { try IndexSpec(parsing: "PQ7").makeIndex(dimension: 50, metric: .l2) }
    }
}
