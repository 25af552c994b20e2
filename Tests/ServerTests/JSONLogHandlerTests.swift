import Foundation
import Logging
import Server
import Synchronization
import Testing

/// `--log-format json`: one JSON object per line, nested metadata kept nested.
struct JSONLogHandlerTests {
    /// Guards: dictionaries and arrays in metadata arrive as JSON objects and arrays (they
    /// were flattened to their descriptions), beside the record's own fields.
    @Test func nestedMetadataStaysNested() throws {
        let lines = CollectedLines()
        var logger = Logger(label: "quarry.test") { label in
            JSONLogHandler(label: label) { line in lines.append(line) }
        }
        logger[metadataKey: "hb.request.id"] = "7"
        logger.info("answered", metadata: ["query": ["stage": "retrieve", "ms": "3"], "chunks": ["1", "2"]])
        let line = try #require(lines.first)
        #expect(line.last == 0x0A)
        let record = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(record["message"] as? String == "answered")
        #expect(record["level"] as? String == "info")
        #expect(record["label"] as? String == "quarry.test")
        #expect(record["hb.request.id"] as? String == "7")
        #expect(record["query"] as? [String: String] == ["stage": "retrieve", "ms": "3"])
        #expect(record["chunks"] as? [String] == ["1", "2"])
        let time = try #require(record["time"] as? String)
        #expect((try? Date(time, strategy: .iso8601)) != nil, "time \(time) is not ISO 8601")
    }
}

/// The lines a handler wrote, from whichever thread wrote them.
private final class CollectedLines: Sendable {
    private let lines = Mutex<[Data]>([])

    func append(_ line: Data) { lines.withLock { $0.append(line) } }

    var first: Data? { lines.withLock { $0.first } }
}
