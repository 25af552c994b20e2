import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
@testable import Store
import Testing

/// Over HTTP, an index that cannot take a write now is a 503 that says why and what to
/// do, with `Retry-After` where waiting helps; `/readyz` stays 200 (queries work) and
/// says `"writes": "unavailable"` with the reason until a write succeeds. (A locked
/// index takes the same way: StoreConditionTests and the CLI tests cover it.)
@Suite("Store conditions over HTTP", .serialized)
struct StoreConditionsHTTPTests {
    let fixture: ServerFixture

    init() async throws {
        fixture = try await ServerFixture()
    }

    static let document = #"{"id": "big", "text": "\#((0..<5_000).map { "word\($0)" }.joined(separator: " "))."}"#

    /// The readiness body's `writes` and `reason`.
    func readiness(_ client: some TestClientProtocol) async throws -> (writes: String?, reason: String?) {
        try await client.execute(uri: "/readyz", method: .get) { response in
            #expect(response.status == .ok)
            return (response.json["writes"] as? String, response.json["reason"] as? String)
        }
    }

    /// Guards a full disk answering 500 "internal error": the writer connection is
    /// capped at the file's size (`max_page_count`, a full disk to SQLite).
    @Test func aFullDiskIsA503WithRetryAfterAndReadinessSaysWhy() async throws {
        try fixture.index.file!.writing { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        try await fixture.application().test(.router) { client in
            #expect(try await readiness(client).writes == "available")
            try await client.postJSON("/v1/documents", Self.document) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == String(StoreFailure.fullRetrySeconds))
                #expect(String(buffer: response.body).contains("is full"), "\(String(buffer: response.body))")
            }
            let (writes, reason) = try await readiness(client)
            #expect(writes == "unavailable")
            #expect(reason?.contains("is full") == true, "\(reason ?? "no reason")")
            try await client.postJSON("/v1/query", #"{"question": "What does VACUUM reclaim?"}"#) { response in
                #expect(response.status == .ok, "reads keep working")
            }
        }
    }
}
