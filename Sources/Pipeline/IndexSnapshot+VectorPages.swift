import Foundation
import Store

extension IndexSnapshot {
    /// The stored vectors of `ids` (those of the chunks that have one), read `pageSize`
    /// ids per statement, as `DenseLoading` and the dense maintainers take them.
    func vectorBlobs(
        paging ids: [Int64], by pageSize: Int, withoutCodes: Bool = false
    ) async throws -> [(chunkID: Int64, blob: Data)] {
        var found: [(chunkID: Int64, blob: Data)] = []
        found.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: pageSize) {
            let page = Array(ids[start..<min(start + pageSize, ids.count)])
            found += try await vectorBlobs(ids: page, withoutCodes: withoutCodes).map { (chunkID: $0.chunkID, blob: $0.blob) }
        }
        return found
    }
}
