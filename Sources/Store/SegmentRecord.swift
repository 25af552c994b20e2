import Foundation

/// A sealed BM25 segment as the index file stores it (`bm25_segments`): its chunk ids
/// (ascending), their BM25 lengths and the ordinals of its deleted chunks; its
/// postings are in `bm25_postings`, read term by term.
public struct SegmentRecord: Sendable, Equatable {
    public var id: Int64
    public var chunkIDs: [Int64]
    public var lengths: [Int32]
    public var deleted: [Int32]

    public init(id: Int64, chunkIDs: [Int64], lengths: [Int32], deleted: [Int32]) {
        self.id = id
        self.chunkIDs = chunkIDs
        self.lengths = lengths
        self.deleted = deleted
    }
}

/// Fixed-width little-endian arrays as blobs.
enum LittleEndianBlob {
    static func data<T: FixedWidthInteger>(_ values: [T]) -> Data {
        var data = Data(capacity: values.count * MemoryLayout<T>.size)
        for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// The values of `data`; nil when its size is not a whole number of them.
    static func values<T: FixedWidthInteger>(_ data: Data, as type: T.Type) -> [T]? {
        let size = MemoryLayout<T>.size
        guard data.count % size == 0 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<(data.count / size)).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) }
        }
    }
}
