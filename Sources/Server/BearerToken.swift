import Hummingbird

/// Checks `Authorization: Bearer <token>` against the configured token in time that
/// does not depend on where the two first differ.
struct BearerToken: Sendable {
    private let expected: [UInt8]

    init(_ token: String) {
        expected = Array(token.utf8)
    }

    /// Whether `header` (the whole `Authorization` value) carries the token.
    func accepts(_ header: String?) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let offered = Array(header.utf8.dropFirst(7))
        // Every byte of the longer of the two is compared, whatever the outcome.
        var difference: UInt8 = offered.count == expected.count ? 0 : 1
        for index in 0..<max(offered.count, expected.count) {
            let left = index < offered.count ? offered[index] : 0
            let right = index < expected.count ? expected[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
