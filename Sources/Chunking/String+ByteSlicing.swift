extension String {
    /// The characters in UTF-8 byte range `bytes`; both ends must fall on scalar
    /// boundaries. Constant time for native (contiguous UTF-8) strings.
    func slice(bytes: Range<Int>) -> Substring {
        let lower = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
        let upper = utf8.index(lower, offsetBy: bytes.count)
        return self[lower..<upper]
    }
}
