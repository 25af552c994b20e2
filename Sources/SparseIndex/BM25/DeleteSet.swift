/// The documents of one ``Segment`` deleted since it was built, by ordinal: a bitset
/// for the membership test scoring makes per document, and the list for computing a
/// term's live document frequency from the few deletions instead of all its postings.
struct DeleteSet: Sendable {
    private var bits: [UInt64] = []
    /// The deleted ordinals, in deletion order.
    private(set) var ordinals: [Int32] = []
    /// The summed length of the deleted documents.
    private(set) var deletedLength = 0

    var count: Int { ordinals.count }

    /// Marks `ordinal` (of a document `length` terms long) deleted; false if it was already.
    @discardableResult
    mutating func insert(_ ordinal: Int32, length: Int32) -> Bool {
        let word = Int(ordinal) >> 6, bit = UInt64(1) << UInt64(ordinal & 63)
        if word >= bits.count { bits.append(contentsOf: repeatElement(0, count: word + 1 - bits.count)) }
        guard bits[word] & bit == 0 else { return false }
        bits[word] |= bit
        ordinals.append(ordinal)
        deletedLength += Int(length)
        return true
    }

    /// Whether `ordinal` is deleted.
    @inline(__always)
    func contains(_ ordinal: Int32) -> Bool {
        let word = Int(ordinal) >> 6
        return word < bits.count && bits[word] & (UInt64(1) << UInt64(ordinal & 63)) != 0
    }
}
