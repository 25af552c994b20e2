import Foundation
import Pipeline
import QuarryCore
import Testing

@Suite("Computed surprisal caches")
struct ComputedSurprisalCachesTests {
    /// Guards the key: surprisal one index's chunk 7 computed is not handed to another
    /// index's chunk 7, and the same file named two ways shares its cache.
    @Test func eachIndexFileHasItsOwnCache() async throws {
        let caches = ComputedSurprisalCaches(capacity: 10)
        let first = URL(fileURLWithPath: "/tmp/a/one.quarry"), second = URL(fileURLWithPath: "/tmp/a/two.quarry")
        await caches.cache(for: first).store(TokenSurprisal(tokenStarts: [0], nats: [1.5]), for: 7)
        #expect(try await caches.cache(for: second).surprisal(of: [7]).isEmpty)
        let same = URL(fileURLWithPath: "/tmp/a/../a/one.quarry")
        #expect(try await caches.cache(for: same).surprisal(of: [7])[7]?.nats == [1.5])
    }

    /// Guards the bound: past `indexes` files the least recently asked for is forgotten.
    @Test func theLeastRecentlyUsedIndexGoesFirst() async throws {
        let caches = ComputedSurprisalCaches(capacity: 10, indexes: 2)
        let urls = (0..<3).map { URL(fileURLWithPath: "/tmp/b/\($0).quarry") }
        await caches.cache(for: urls[0]).store(TokenSurprisal(tokenStarts: [0], nats: [1]), for: 1)
        await caches.cache(for: urls[1]).store(TokenSurprisal(tokenStarts: [0], nats: [2]), for: 1)
        _ = caches.cache(for: urls[0])
        _ = caches.cache(for: urls[2])
        #expect(try await caches.cache(for: urls[0]).surprisal(of: [1])[1]?.nats == [1])
        #expect(try await caches.cache(for: urls[1]).surprisal(of: [1]).isEmpty)
    }
}
