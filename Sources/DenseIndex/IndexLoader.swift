import Foundation

/// Reads the parameters blob written by `VectorIndex.parameters()` back into an
/// index with the same spec, metric and trained state and no entries; insert the
/// stored entries to rebuild it without retraining.
public enum IndexLoader {
    /// The index `data` describes; throws `DenseIndexError.invalidParameters` naming
    /// the field at fault when the blob is truncated, of another version or inconsistent.
    public static func load(parameters data: Data) throws -> any VectorIndex {
        var reader = BlobReader(data)
        let header = try ParameterHeader.read(from: &reader)
        let d = header.dimension
        var index: any VectorIndex
        do {
            switch header.spec.structure {
            case .flat:
                index = try FlatIndex(dimension: d, metric: header.metric)
            case let .pq(subspaces):
                if header.isTrained {
                    let books = try reader.readFloats(expected: d * ProductQuantizer.centroidsPerSubspace, field: "PQ codebooks")
                    index = try PQIndex(header: header, quantizer: ProductQuantizer(dimension: d, subspaces: subspaces, codebooks: books))
                } else {
                    index = try PQIndex(spec: header.spec, dimension: d, metric: header.metric)
                }
            case let .ivfPQ(lists, subspaces):
                if header.isTrained {
                    let centroids = try reader.readFloats(expected: lists * d, field: "coarse centroids")
                    let books = try reader.readFloats(expected: d * ProductQuantizer.centroidsPerSubspace, field: "PQ codebooks")
                    let nprobe = Int(try reader.readUInt32(field: "nprobe"))
                    guard nprobe >= 1 else { throw DenseIndexError.invalidParameters("nprobe is 0") }
                    index = try IVFPQIndex(header: header, centroids: VectorMatrix(unchecked: centroids, dimension: d),
                                           quantizer: ProductQuantizer(dimension: d, subspaces: subspaces, codebooks: books),
                                           nprobe: nprobe)
                } else {
                    index = try IVFPQIndex(spec: header.spec, dimension: d, metric: header.metric)
                }
            }
        } catch let error as DenseIndexError {
            if case .invalidParameters = error { throw error }
            throw DenseIndexError.invalidParameters("spec '\(header.spec)' does not fit dimension \(d): \(error)")
        }
        guard reader.isAtEnd else {
            throw DenseIndexError.invalidParameters("\(reader.remaining) unexpected bytes after the parameters of '\(header.spec)'")
        }
        return index
    }
}
