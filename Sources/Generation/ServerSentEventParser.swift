/// Splits a server-sent-event byte stream (`text/event-stream`) into the `data` of its
/// events: `data:` lines are joined with newlines, a blank line ends an event, and
/// comments (`:`), `event:`, `id:` and `retry:` lines are skipped. Lines may end in
/// `\n`, `\r\n` or `\r`, and may arrive split across any number of pieces.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var data: [String] = []
    private var lastWasCR = false
    /// The longest line accepted, so a server that never ends a line cannot fill memory.
    public static let maxLineBytes = 1 << 20

    public init() {}

    /// Feeds the next bytes; returns the data of every event they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [String] {
        var events: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && lastWasCR {
                lastWasCR = false
                continue
            }
            lastWasCR = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
                guard line.count <= Self.maxLineBytes else { throw SSEError.lineTooLong }
            }
        }
        return events
    }

    /// The event left unterminated at the end of the stream, if any.
    public mutating func finish() -> String? {
        if !line.isEmpty { _ = endLine() }
        return endLine()
    }

    private mutating func endLine() -> String? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard !data.isEmpty else { return nil }
            defer { data.removeAll() }
            return data.joined(separator: "\n")
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("data:") else { return nil }
        var value = text.dropFirst(5)
        if value.first == " " { value = value.dropFirst() }
        data.append(String(value))
        return nil
    }

    enum SSEError: Error { case lineTooLong }
}
