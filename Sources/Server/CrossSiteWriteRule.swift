import HTTPTypes
import Hummingbird

/// Refuses a state-changing request (POST, PUT, PATCH, DELETE) that a browser sends on
/// behalf of another site, so a web page the user visits cannot write into a server it
/// can reach (a `multipart/form-data` form needs no CORS preflight).
///
/// A request is cross-site when its `Sec-Fetch-Site` is present and is neither
/// `same-origin` nor `none`, or its `Origin` is present (`null` included) and is not the
/// server's own origin as the request addresses it (`scheme://Host`); either is refused
/// with 403 unless its `Origin` is one of the allowed origins (`--allowed-origins`, and
/// the `--cors-origin` one). Requests with neither header (curl, SDKs) pass.
struct CrossSiteWriteRule: Sendable {
    /// Normalised origins (`scheme://host[:port]`, default port dropped) allowed to write.
    let allowedOrigins: Set<String>

    init(allowedOrigins: [String]) {
        self.allowedOrigins = Set(allowedOrigins.map { Self.normalised($0) ?? $0.lowercased() })
    }

    private static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let writeMethods: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    /// Throws 403 when `request` is a cross-site write; `scheme` is how the client reached
    /// the server (`https` behind a trusted TLS proxy) and `host` its `Host` value.
    func check(_ request: Request, scheme: String, host: String) throws {
        guard Self.writeMethods.contains(request.method) else { return }
        let origin = request.headers[.origin]
        let site = request.headers[Self.secFetchSite]?.lowercased()
        let own = Self.normalised("\(scheme)://\(host)")
        let offered = origin.map { Self.normalised($0) ?? $0.lowercased() }
        let crossSite = site.map { $0 != "same-origin" && $0 != "none" } ?? false
        let foreignOrigin = offered.map { $0 != own } ?? false
        guard crossSite || foreignOrigin else { return }
        if let offered, offered != "null", allowedOrigins.contains(offered) { return }
        let from = origin.map { "from the page at `\($0)`" } ?? "from another site (Sec-Fetch-Site: \(site ?? ""))"
        throw HTTPError(
            .forbidden,
            message: "cross-site write refused: this server takes \(request.method.rawValue) requests "
                + "\(from) only when that origin is listed with --allowed-origins (QUARRY_ALLOWED_ORIGINS); "
                + "send it from the server's own origin \(own ?? "") or from a program that sends no Origin"
        )
    }

    /// `scheme://host[:port]` in lower case without the scheme's default port; nil when
    /// `origin` is not of that form (`null`, a path after it).
    static func normalised(_ origin: String) -> String? {
        let lower = origin.lowercased()
        guard let separator = lower.range(of: "://") else { return nil }
        let scheme = lower[..<separator.lowerBound]
        var authority = lower[separator.upperBound...]
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !scheme.isEmpty, !authority.isEmpty, !authority.contains("/") else { return nil }
        let defaultPort = scheme == "https" ? ":443" : scheme == "http" ? ":80" : nil
        if let defaultPort, authority.hasSuffix(defaultPort) { authority = authority.dropLast(defaultPort.count) }
        return "\(scheme)://\(authority)"
    }
}
