import Foundation
import QuarryCore

/// Extracts a PDF's text with poppler's `pdftotext`, run as a child process, bounded:
/// the tool is stopped after ``timeLimit``, when its text passes the loader's size limit,
/// or when the work that asked for it is cancelled (``CancellationSignal/current``: an
/// upload whose client left).
enum PDFTextDecoder {
    /// How long `pdftotext` may run on one file.
    static let timeLimit: Duration = .seconds(60)

    /// The PDF's text, pages separated by blank lines, LF line ends, NFC.
    /// The file goes to `pdftotext` as its standard input, so no name (one starting
    /// with "-", or one that is not UTF-8) can be misread on its command line.
    /// - Throws: ``LoaderError`` when `pdftotext` is missing, fails (encrypted or
    ///   broken files, with its own message) or finds no text (a scanned PDF).
    ///   Also when it runs longer than ``timeLimit`` or writes more than `maxTextBytes`.
    static func decode(path filePath: FileSystemPath, maxTextBytes: Int) throws -> LoadedDocument {
        let path = filePath.description
        guard let tool = executable(named: "pdftotext") else {
            throw LoaderError(path: path, reason: "cannot read PDFs: pdftotext is not installed; "
                + "run `apt-get install poppler-utils`")
        }
        let input = try filePath.openForReading()
        let output = try run(
            tool, arguments: ["-enc", "UTF-8", "-eol", "unix", "-", "-"], input: input, path: path, limit: maxTextBytes
        )
        let paged = output.map { $0 == 0x0C ? 0x0A : $0 }  // form feed between pages → line break
        let text = paged.withUnsafeBytes { TextNormalization.normalizedText(fromValidUTF8: $0) }
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw LoaderError(path: path, reason: "the PDF has no extractable text (a scanned document?); "
                + "run OCR on it first, e.g. ocrmypdf")
        }
        return LoadedDocument(title: TitleGuess.firstLine(of: text), text: text)
    }

    /// Runs `tool` and returns its standard output; a failure becomes a LoaderError
    /// carrying the tool's own message. The tool is killed past ``timeLimit``, past
    /// `limit` bytes of output, or once the current work is cancelled.
    private static func run(
        _ tool: URL, arguments: [String], input: FileHandle, path: String, limit: Int
    ) throws -> [UInt8] {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        do {
            try process.run()
        } catch {
            throw LoaderError(path: path, reason: "could not start \(tool.path): \(error); "
                + "reinstall poppler-utils")
        }
        // Drain stderr on another thread so neither pipe can fill up and block the child.
        let errorText = PipeDrain(errors.fileHandleForReading)
        let watch = ProcessWatch(process, timeLimit: timeLimit, signal: CancellationSignal.current)
        var text = Data()
        while let chunk = try? output.fileHandleForReading.read(upToCount: 1 << 16), !chunk.isEmpty {
            text.append(chunk)
            if text.count > limit {
                watch.stop(.tooLarge)
                break
            }
        }
        process.waitUntilExit()
        let message = errorText.wait()
        switch watch.finish() {
        case .tooLarge:
            throw LoaderError(path: path, reason: "the PDF's text is over \(limit) bytes, this loader's limit; "
                + "split the PDF")
        case .timedOut:
            throw LoaderError(path: path, reason: "pdftotext took longer than \(timeLimit) on this PDF; "
                + "split it or repair it (qpdf)")
        case .cancelled:
            try CancellationSignal.checkCurrent()
        case nil:
            break
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let lines = message.split(separator: "\n").prefix(3).joined(separator: "; ")
            let detail = lines.isEmpty ? "exit status \(process.terminationStatus)" : lines
            throw LoaderError(path: path, reason: "pdftotext could not read this PDF (\(detail)); if it is "
                + "encrypted, decrypt it first (qpdf --decrypt), otherwise re-export or repair it")
        }
        return [UInt8](text)
    }

    /// The first executable called `name` on PATH (or in /usr/bin).
    private static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin"]
        return folders.lazy
            .map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
