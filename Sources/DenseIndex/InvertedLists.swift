/// Ids and fixed-size codes grouped into lists, appended in place and removed by
/// swapping with the last entry. Memory is (8 + codeSize) bytes per vector, plus at
/// most 1/8 spare capacity per list (growth by 1.125 instead of doubling).
struct InvertedLists: Sendable {
    let codeSize: Int
    private(set) var ids: [[Int64]]
    private(set) var codes: [[UInt8]]
    private(set) var count = 0

    init(lists: Int, codeSize: Int) {
        self.codeSize = codeSize
        ids = Array(repeating: [], count: lists)
        codes = Array(repeating: [], count: lists)
    }

    var listCount: Int { ids.count }

    /// Bytes held by ids and codes, spare capacity included.
    var residentBytes: Int {
        zip(ids, codes).reduce(0) { $0 + $1.0.capacity * 8 + $1.1.capacity }
    }

    mutating func append(list: Int, id: Int64, code: UnsafeBufferPointer<UInt8>) {
        ids[list].append(id)
        codes[list].append(contentsOf: code)
        count += 1
    }

    /// Removes every entry whose id is in `doomed`; returns how many went.
    mutating func remove(_ doomed: Set<Int64>) -> Int {
        guard !doomed.isEmpty else { return 0 }
        var removed = 0
        for list in 0 ..< ids.count {
            var i = 0
            while i < ids[list].count {
                if doomed.contains(ids[list][i]) {
                    let last = ids[list].count - 1
                    ids[list][i] = ids[list][last]
                    ids[list].removeLast()
                    for b in 0 ..< codeSize { codes[list][i * codeSize + b] = codes[list][last * codeSize + b] }
                    codes[list].removeLast(codeSize)
                    removed += 1
                } else {
                    i += 1
                }
            }
        }
        count -= removed
        return removed
    }

    /// Every entry, list by list.
    func entries() -> [IndexEntry] {
        var result = [IndexEntry]()
        result.reserveCapacity(count)
        for list in 0 ..< ids.count {
            for (i, id) in ids[list].enumerated() {
                result.append(IndexEntry(id: id, list: Int32(list), code: Array(codes[list][i * codeSize ..< (i + 1) * codeSize])))
            }
        }
        return result
    }

    /// Appends stored entries after checking their list and code size.
    mutating func insert(_ entries: [IndexEntry]) throws {
        var codes = [UInt8]()
        codes.reserveCapacity(entries.count * codeSize)
        for entry in entries {
            guard entry.code.count == codeSize else {
                throw DenseIndexError.invalidEntry(id: entry.id, reason: "code has \(entry.code.count) bytes, expected \(codeSize)")
            }
            codes += entry.code
        }
        try insert(ids: entries.map(\.id), lists: entries.map(\.list), codes: codes)
    }

    /// Appends stored entries given as columns (`codes` holds their codes back to back)
    /// after checking their lists and sizes: one pass to size each list, one to fill it.
    mutating func insert(ids newIDs: [Int64], lists newLists: [Int32], codes newCodes: [UInt8]) throws {
        guard newLists.count == newIDs.count, newCodes.count == newIDs.count * codeSize else {
            throw DenseIndexError.invalidArgument(
                "\(newIDs.count) ids, \(newLists.count) lists and \(newCodes.count) code bytes do not make whole entries of \(codeSize) bytes"
            )
        }
        var added = [Int](repeating: 0, count: ids.count)
        for (row, list) in newLists.enumerated() {
            guard list >= 0, Int(list) < ids.count else {
                throw DenseIndexError.invalidEntry(id: newIDs[row], reason: "list \(list) is outside 0..<\(ids.count)")
            }
            added[Int(list)] += 1
        }
        for list in 0 ..< ids.count where added[list] > 0 {
            let needed = ids[list].count + added[list]
            if needed > ids[list].capacity {
                let target = max(needed, ids[list].count + ids[list].count / 8)
                ids[list].reserveCapacity(target)
                codes[list].reserveCapacity(target * codeSize)
            }
        }
        newCodes.withUnsafeBufferPointer { all in
            for (row, list) in newLists.enumerated() {
                append(list: Int(list), id: newIDs[row], code: UnsafeBufferPointer(rebasing: all[row * codeSize ..< (row + 1) * codeSize]))
            }
        }
    }

    /// Scans list `list` into `heap` with `table` (see `ADCTable.scan`).
    @inline(__always)
    func scan(list: Int, table: UnsafePointer<Float>, offset: Float, into heap: inout TopK) {
        ids[list].withUnsafeBufferPointer { idBuffer in
            codes[list].withUnsafeBufferPointer { codeBuffer in
                guard let idBase = idBuffer.baseAddress, let codeBase = codeBuffer.baseAddress else { return }
                ADCTable.scan(table: table, subspaces: codeSize, codes: codeBase, ids: idBase,
                              count: idBuffer.count, offset: offset, into: &heap)
            }
        }
    }
}
