extension KeyedDecodingContainer {
    /// A JSON number at `key` that must be a whole number in Int's range; `2.5` or `1e40`
    /// get a message that says so rather than a parse error. Nil when the key is absent.
    func decodeWholeNumberIfPresent(forKey key: Key) throws -> Int? {
        guard let value = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value.rounded() == value, let whole = Int(exactly: value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be a whole number, got \(value)"
            )
        }
        return whole
    }
}
