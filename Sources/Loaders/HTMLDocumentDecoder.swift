import Foundation

/// Turns the bytes of an `.html` file into one normalised document, or says why it cannot.
enum HTMLDocumentDecoder {
    /// The page's readable text (NFC) and title.
    /// - Throws: ``LoaderError`` when libxml2 cannot parse it, nests it too deep, or no
    ///   text remains.
    static func decode(_ data: Data, path: String) throws -> LoadedDocument {
        let page: HTMLTextExtractor.Page?
        do {
            page = try data.withUnsafeBytes { bytes in
                try HTMLTextExtractor().extract(bytes, isUTF8: UTF8Validation.firstInvalidByte(in: bytes) == nil, url: path)
            }
        } catch is HTMLTextExtractor.TooDeep {
            throw LoaderError(path: path, reason: "this HTML page nests elements more than "
                + "\(HTMLTextExtractor.maximumDepth) levels deep, past which its text cannot be read; "
                + "flatten its markup, or save its text as a .txt file")
        }
        guard let page else {
            throw LoaderError(path: path, reason: "libxml2 could not parse this as HTML; check that it is an HTML page")
        }
        let text = TextNormalization.nfc(page.text)
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw LoaderError(path: path, reason: "no readable text in this HTML page (only markup, scripts "
                + "or navigation); remove it from the corpus")
        }
        return LoadedDocument(title: page.title.map(TextNormalization.nfc), text: text)
    }
}
