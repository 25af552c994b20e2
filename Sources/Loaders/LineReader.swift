import Foundation

/// Reads a file line by line in blocks, holding at most one block plus one line.
///
/// Lines end at LF (a CR before it stays in the line); the last line may lack one.
/// A line longer than `maxLineBytes` is refused with a ``LoaderError`` instead of being
/// buffered, so memory stays bounded whatever the file holds.
struct LineReader {
    private let handle: FileHandle
    private let path: String
    private let blockBytes: Int
    private let maxLineBytes: Int
    private var buffer = Data()
    private var position = 0
    private var atEnd = false
    /// Bytes of the file handed out as lines so far (with their newlines).
    private(set) var consumed = 0
    /// 1-based number of the last line handed out.
    private(set) var lineNumber = 0
    /// The most bytes the buffer has held at once (at most `blockBytes + maxLineBytes`).
    private(set) var peakBufferedBytes = 0

    init(handle: FileHandle, path: String, blockBytes: Int, maxLineBytes: Int) {
        precondition(blockBytes > 0 && maxLineBytes > 0)
        self.handle = handle
        self.path = path
        self.blockBytes = blockBytes
        self.maxLineBytes = maxLineBytes
    }

    /// The next line without its LF, with the file offset it starts at; nil at the end.
    /// - Throws: ``LoaderError`` for an over-long line or a read error.
    mutating func next() throws -> (line: Data, offset: Int)? {
        while true {
            if let newline = newlineIndex() {
                return try take(upTo: newline, skipping: 1)
            }
            if atEnd {
                return position < buffer.endIndex ? try take(upTo: buffer.endIndex, skipping: 0) : nil
            }
            try checkLength(buffer.endIndex - position)
            try fill()
        }
    }

    private func checkLength(_ length: Int) throws {
        guard length <= maxLineBytes else {
            throw LoaderError(path: path, reason: "line \(lineNumber + 1) is longer than \(maxLineBytes) bytes, "
                + "Quarry's limit per record; split the record into smaller ones")
        }
    }

    /// Index of the next LF at or after `position` (memchr: the file's bytes are scanned once).
    private func newlineIndex() -> Int? {
        buffer.withUnsafeBytes { bytes -> Int? in
            let start = position - buffer.startIndex
            guard start < bytes.count, let base = bytes.baseAddress,
                  let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
            return buffer.startIndex + (UnsafeRawPointer(found) - base)
        }
    }

    private mutating func take(upTo end: Int, skipping newline: Int) throws -> (line: Data, offset: Int) {
        try checkLength(end - position)
        let line = buffer[position..<end]
        let offset = consumed
        lineNumber += 1
        consumed += line.count + newline
        position = end + newline
        return (line, offset)
    }

    /// Drops the lines handed out and appends the next block.
    private mutating func fill() throws {
        if position > 0 {
            buffer.removeSubrange(buffer.startIndex..<position)
            position = buffer.startIndex
        }
        let block: Data?
        do {
            block = try handle.read(upToCount: blockBytes)
        } catch {
            throw DocumentLoader.unreadable(path, error)
        }
        if let block, !block.isEmpty {
            buffer.append(block)
        } else {
            atEnd = true
        }
        peakBufferedBytes = max(peakBufferedBytes, buffer.count)
    }
}
