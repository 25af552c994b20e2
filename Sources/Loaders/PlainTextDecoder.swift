import Foundation

/// Turns the bytes of a `.txt`/`.md` file into normalised text, or says why it cannot.
enum PlainTextDecoder {
    /// The file's text: UTF-8 without BOM, LF line ends, NFC.
    /// - Throws: ``LoaderError`` for binary content, invalid UTF-8 (with the byte
    ///   offset) and empty or whitespace-only files.
    static func decode(_ data: Data, path: String) throws -> String {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            throw LoaderError(path: path, reason: "UTF-16 text is not supported; convert the file to UTF-8 "
                + "(e.g. iconv -f UTF-16 -t UTF-8)")
        }
        let bomLength = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let text = try data.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[bomLength...])
            if let reason = binaryContentReason(bytes) {
                throw LoaderError(path: path, reason: "binary file (\(reason)); only text can be indexed")
            }
            if let offset = UTF8Validation.firstInvalidByte(in: bytes) {
                throw LoaderError(path: path, reason: "invalid UTF-8 at byte offset \(offset + bomLength); "
                    + "convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)")
            }
            return TextNormalization.normalizedText(fromValidUTF8: bytes)
        }
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw LoaderError(path: path, reason: "empty file (no text); add content or remove the file")
        }
        return text
    }

    /// Why `bytes` look binary: any NUL byte, or over 10% control characters in the first 64 KB.
    private static func binaryContentReason(_ bytes: UnsafeRawBufferPointer) -> String? {
        if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil { return "contains NUL bytes" }
        let sample = bytes.prefix(65_536)
        let controls = sample.count { byte in
            (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D) || byte == 0x7F
        }
        return controls * 10 > sample.count ? "full of control characters" : nil
    }
}
