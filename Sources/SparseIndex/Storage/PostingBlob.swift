import QuarryCore

/// The stored form of one term's postings in one sealed segment, the same bytes for
/// every ``SegmentStorage`` backend: LEB128 varints of the number of postings, the
/// largest count, the shortest document length, then each posting's ordinal as the gap
/// from the previous one (the first from 0), then each posting's count. About two
/// bytes a posting for common terms; decoding is one pass.
public enum PostingBlob {
    /// One term's postings decoded: ordinals ascending, counts beside them.
    public struct Postings: Sendable, Equatable {
        public var ordinals: [Int32]
        public var counts: [Int32]
        public var maxCount: Int32
        public var minLength: Int32
    }

    /// The blob of postings `ordinals` (ascending) and `counts`.
    public static func encode(ordinals: ArraySlice<Int32>, counts: ArraySlice<Int32>, maxCount: Int32, minLength: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(3 + 2 * ordinals.count)
        append(UInt64(ordinals.count), to: &bytes)
        append(UInt64(maxCount), to: &bytes)
        append(UInt64(minLength), to: &bytes)
        var previous: Int32 = 0
        for ordinal in ordinals {
            append(UInt64(ordinal - previous), to: &bytes)
            previous = ordinal
        }
        for count in counts { append(UInt64(count), to: &bytes) }
        return bytes
    }

    /// The postings of `bytes`, a blob of a segment of `documentCount` documents.
    /// - Throws: an internal error naming the file as damaged when the blob is
    ///   truncated, overlong, or names an ordinal outside the segment or out of order.
    public static func decode(_ bytes: [UInt8], documentCount: Int) throws -> Postings {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer: buffer)
            let count = try reader.next(limit: UInt64(documentCount))
            let maxCount = try reader.next(limit: UInt64(Int32.max))
            let minLength = try reader.next(limit: UInt64(Int32.max))
            var ordinals = [Int32](repeating: 0, count: Int(count))
            var counts = [Int32](repeating: 0, count: Int(count))
            var ordinal: UInt64 = 0
            for index in 0..<Int(count) {
                let gap = try reader.next(limit: UInt64(documentCount))
                ordinal += gap
                guard ordinal < UInt64(documentCount), index == 0 || gap > 0 else { throw damaged }
                ordinals[index] = Int32(ordinal)
            }
            for index in 0..<Int(count) {
                let value = try reader.next(limit: maxCount)
                guard value > 0 else { throw damaged }
                counts[index] = Int32(value)
            }
            guard reader.atEnd else { throw damaged }
            return Postings(ordinals: ordinals, counts: counts, maxCount: Int32(maxCount), minLength: Int32(minLength))
        }
    }

    private static var damaged: QuarryError {
        QuarryError(.internal, "the index file is damaged (a BM25 posting list does not decode); re-index into a new --index file")
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var position = 0

        var atEnd: Bool { position == buffer.count }

        /// The next varint, at most `limit`.
        @inline(__always)
        mutating func next(limit: UInt64) throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard position < buffer.count, shift < 63 else { throw PostingBlob.damaged }
                let byte = buffer[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            guard value <= limit else { throw PostingBlob.damaged }
            return value
        }
    }
}
