import Foundation

/// How a chunk's analysed terms are stored: one blob per chunk in `chunk_terms`, each
/// term as a `LEB128` varint of its frequency, a varint of its UTF-8 length and the
/// bytes. One row a chunk instead of one `postings` row per term (with a term-id
/// lookup each) is what lets the writer keep up at a million chunks: at 100k passages
/// the 8.8 million posting rows took most of the write thread's time, which is an
/// ingest's critical path. Queries never read these blobs; the BM25 index reads them
/// for the chunks written since its last seal, and a seal turns them into one posting
/// list per term.
public enum ChunkTermsCoding {
    /// The blob of `frequencies` (terms in the dictionary's order).
    public static func encode(_ frequencies: [String: Int]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(frequencies.count * 10)
        for (term, frequency) in frequencies {
            LEB128.append(UInt64(max(0, frequency)), to: &bytes)
            var term = term
            term.withUTF8 { utf8 in
                LEB128.append(UInt64(utf8.count), to: &bytes)
                bytes.append(contentsOf: utf8)
            }
        }
        return Data(bytes)
    }

    /// Calls `body` with each term's UTF-8 bytes and frequency in `blob`; false when the
    /// blob is damaged (a varint or a term cut short), after the terms before it.
    public static func forEach(in blob: Data, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows -> Bool {
        try blob.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var position = 0
            while position < bytes.count {
                guard let frequency = LEB128.read(bytes, at: &position), let length = LEB128.read(bytes, at: &position),
                      length <= UInt64(bytes.count - position)
                else { return false }
                let end = position + Int(length)
                try body(UnsafeBufferPointer(rebasing: bytes[position..<end]), Int(frequency))
                position = end
            }
            return true
        }
    }

    /// The term frequencies in `blob`, or nil when it is damaged.
    public static func decode(_ blob: Data) -> [String: Int]? {
        var frequencies: [String: Int] = [:]
        let whole = forEach(in: blob) { utf8, frequency in
            frequencies[String(decoding: utf8, as: UTF8.self)] = frequency
        }
        return whole ? frequencies : nil
    }
}
