import Hummingbird
import HummingbirdAuth

/// The identity a request carrying the server's bearer token is authenticated as.
public struct TokenHolder: Sendable {}

/// hummingbird-auth's authenticator for the server's one bearer token: it takes the
/// token from `Authorization: Bearer <token>`, the scheme in any case (RFC 7235: auth
/// schemes are case-insensitive, so `bearer` and `BEARER` count; hummingbird-auth's
/// `headers.bearer` accepts only `Bearer`), and compares it with the configured one in
/// time that does not depend on where the two first differ. A request without the right
/// token goes on unauthenticated; ``RequestGuardMiddleware`` answers it 401 unless its
/// route is a probe.
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = QuarryRequestContext

    private let expected: [UInt8]

    init(token: String) {
        expected = Array(token.utf8)
    }

    func authenticate(request: Request, context: Context) async throws -> TokenHolder? {
        guard let header = request.headers[.authorization], let offered = Self.bearerToken(in: header) else {
            return nil
        }
        return Self.constantTimeEqual(Array(offered.utf8), expected) ? TokenHolder() : nil
    }

    /// The token of an `Authorization` value whose scheme is `Bearer` in any case, followed by
    /// one or more spaces; nil for another scheme or an empty token.
    static func bearerToken(in header: String) -> Substring? {
        let value = header.drop { $0 == " " }
        guard let space = value.firstIndex(of: " "), value[..<space].lowercased() == "bearer" else { return nil }
        let token = value[space...].drop { $0 == " " }
        return token.isEmpty ? nil : token
    }

    /// Whether `offered` equals `expected`; every byte of the longer one is compared, whatever the outcome.
    static func constantTimeEqual(_ offered: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = offered.count == expected.count ? 0 : 1
        for index in 0..<max(offered.count, expected.count) {
            let left = index < offered.count ? offered[index] : 0
            let right = index < expected.count ? expected[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
