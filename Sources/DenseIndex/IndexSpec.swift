import Foundation

/// What kind of index to build, written as a FAISS-style factory string:
/// `"Flat"`, `"PQ48"`, `"IVF1024,PQ48"`, each optionally followed by `",Refine(10)"`
/// (`",RFlat"` is read as `",Refine(10)"`): exact re-scoring of `k × 10` candidates.
public struct IndexSpec: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// How vectors are stored and scanned.
    public enum Structure: Sendable, Hashable {
        /// Exact: float vectors in RAM, every one scanned.
        case flat
        /// Product-quantized codes, every one scanned.
        case pq(subspaces: Int)
        /// `lists` coarse centroids; residuals product-quantized; `nprobe` lists scanned.
        case ivfPQ(lists: Int, subspaces: Int)
    }

    /// The refine factor `RFlat` stands for (FAISS's `k_factor` default in Quarry).
    public static let defaultRefineFactor = 10

    /// How vectors are stored.
    public var structure: Structure
    /// Shortlist multiple for exact re-scoring, or nil for none.
    public var refineFactor: Int?

    /// A spec from its parts.
    public init(_ structure: Structure, refineFactor: Int? = nil) {
        self.structure = structure
        self.refineFactor = refineFactor
    }

    /// Parses a factory string; throws `DenseIndexError.invalidSpec` naming what is wrong.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func fail(_ reason: String) -> DenseIndexError { .invalidSpec(text, reason: reason) }
        func number(_ part: String, after prefix: String) throws -> Int {
            guard let value = Int(part.dropFirst(prefix.count)), value > 0 else {
                throw fail("'\(part)' needs a positive whole number after '\(prefix)'")
            }
            return value
        }
        var rest = parts[...]
        var refine: Int?
        if let last = rest.last, last.hasPrefix("Refine") || last.hasPrefix("RFlat") {
            if last == "RFlat" {
                refine = Self.defaultRefineFactor
            } else if last.hasPrefix("Refine("), last.hasSuffix(")"), let value = Int(last.dropFirst(7).dropLast()), value > 0 {
                refine = value
            } else {
                throw fail("'\(last)' must be 'RFlat' or 'Refine(N)' with a positive N")
            }
            rest = rest.dropLast()
        }
        switch rest.count {
        case 1 where rest.first == "Flat":
            structure = .flat
        case 1 where rest.first!.hasPrefix("PQ"):
            structure = .pq(subspaces: try number(rest.first!, after: "PQ"))
        case 2 where rest.first!.hasPrefix("IVF"):
            let lists = try number(rest.first!, after: "IVF")
            guard rest.last!.hasPrefix("PQ") else {
                throw fail("IVF must be followed by 'PQ<M>', got '\(rest.last!)'")
            }
            structure = .ivfPQ(lists: lists, subspaces: try number(rest.last!, after: "PQ"))
        default:
            throw fail("expected 'Flat', 'PQ<M>' or 'IVF<nlist>,PQ<M>'")
        }
        if structure == .flat, refine != nil {
            throw fail("'Flat' is already exact; drop the refine part")
        }
        refineFactor = refine
    }

    /// Parses a factory string, or nil when it is not valid.
    public init?(_ description: String) {
        try? self.init(parsing: description)
    }

    /// The factory string; parsing it gives this spec back.
    public var description: String {
        var text: String
        switch structure {
        case .flat: text = "Flat"
        case let .pq(subspaces): text = "PQ\(subspaces)"
        case let .ivfPQ(lists, subspaces): text = "IVF\(lists),PQ\(subspaces)"
        }
        if let refineFactor { text += ",Refine(\(refineFactor))" }
        return text
    }

    /// The spec Quarry picks for `count` vectors of `dimension` floats: `Flat` below
    /// 20,000 vectors; above, IVF with the power of two nearest below 2·√count lists
    /// (so every list gets its 39 training points), PQ with about 2 floats per byte
    /// under 128 dimensions and 8 above 256 (384 → PQ48, 50 → PQ25), and exact
    /// re-scoring of 10·k candidates.
    public static func automatic(count: Int, dimension: Int) -> IndexSpec {
        guard count >= 20_000 else { return IndexSpec(.flat) }
        var lists = 1
        while lists * 2 <= Int(2 * Double(count).squareRoot()) { lists *= 2 }
        let floatsPerByte = dimension >= 256 ? 8 : dimension >= 128 ? 4 : 2
        let target = max(1, dimension / floatsPerByte)
        let divisors = (1 ... dimension).filter { dimension % $0 == 0 }
        let subspaces = divisors.min { abs($0 - target) < abs($1 - target) } ?? 1
        return IndexSpec(.ivfPQ(lists: lists, subspaces: subspaces), refineFactor: defaultRefineFactor)
    }

    /// A new, untrained index of this spec; throws when the spec does not fit `dimension`.
    public func makeIndex(dimension: Int, metric: Metric) throws -> any VectorIndex {
        do {
            switch structure {
            case .flat: return try FlatIndex(dimension: dimension, metric: metric)
            case .pq: return try PQIndex(spec: self, dimension: dimension, metric: metric)
            case .ivfPQ: return try IVFPQIndex(spec: self, dimension: dimension, metric: metric)
            }
        } catch let DenseIndexError.invalidSpec(_, reason) {
            throw DenseIndexError.invalidSpec(description, reason: reason)
        }
    }
}
