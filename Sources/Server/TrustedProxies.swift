import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The reverse proxies (`--trusted-proxies CIDR,…`) whose forwarding headers are
/// believed: only for a request whose peer is one of them are `Forwarded` (RFC 7239) and
/// `X-Forwarded-For` / `X-Forwarded-Proto` read, so per-client limits, auth throttling
/// and logs see the real client behind a TLS proxy, and no client can claim another's
/// address by sending the headers itself.
public struct TrustedProxies: Sendable, Equatable {
    /// One CIDR range: its network bytes (4 or 16) and prefix length.
    struct Range: Sendable, Equatable {
        let network: [UInt8]
        let prefix: Int

        /// Parses `a.b.c.d/n`, `::1/128` or a bare address (a range of one).
        init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let first = parts.first, let bytes = TrustedProxies.bytes(of: first) else { return nil }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...bytes.count * 8).contains(prefix) else { return nil }
            network = bytes
            self.prefix = prefix
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            for bit in stride(from: 0, to: prefix, by: 8) {
                let mask: UInt8 = prefix - bit >= 8 ? 0xFF : ~(0xFF >> UInt8(prefix - bit))
                if address[bit / 8] & mask != network[bit / 8] & mask { return false }
            }
            return true
        }
    }

    let ranges: [Range]

    /// No proxy is trusted: every request's client is its peer.
    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// Trusts the addresses and CIDR ranges in `entries`.
    /// - Throws: a message naming the entry that is not an address or CIDR range.
    public init(_ entries: [String]) throws {
        ranges = try entries.map { entry in
            guard let range = Range(entry) else {
                throw TrustedProxiesError(message: "trusted-proxies: `\(entry)` is not an IP address or CIDR range "
                    + "(e.g. 10.0.0.0/8, 127.0.0.1, ::1)")
            }
            return range
        }
    }

    /// Whether `address` (an IP address in text) is a trusted proxy.
    func trusts(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// Who sent the request and over which scheme: the peer itself unless it is a
    /// trusted proxy; then, walking the forwarding chain from the nearest hop, the first
    /// address that is not a trusted proxy (and the scheme the proxy reports).
    public func client(peer: String, forwarded: String?, forwardedFor: String?, forwardedProto: String?)
        -> (address: String, scheme: String) {
        guard trusts(peer) else { return (peer, "http") }
        var hops: [String] = []
        var scheme: String? = forwardedProto?.split(separator: ",").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let forwarded {
            for element in forwarded.split(separator: ",") {
                for pair in element.split(separator: ";") {
                    let field = pair.split(separator: "=", maxSplits: 1).map {
                        $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    }
                    guard field.count == 2 else { continue }
                    switch field[0].lowercased() {
                    case "for": hops.append(Self.hostPart(of: field[1]))
                    case "proto" where scheme == nil: scheme = field[1].lowercased()
                    default: break
                    }
                }
            }
        } else if let forwardedFor {
            hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let client = hops.reversed().first { !trusts($0) } ?? hops.first ?? peer
        return (client, scheme == "https" ? "https" : "http")
    }

    /// The address of a `Forwarded` node: `[::1]:80` → `::1`, `1.2.3.4:80` → `1.2.3.4`.
    private static func hostPart(of node: String) -> String {
        if node.hasPrefix("["), let end = node.firstIndex(of: "]") {
            return String(node[node.index(after: node.startIndex)..<end])
        }
        if node.filter({ $0 == ":" }).count == 1, let colon = node.firstIndex(of: ":") {
            return String(node[..<colon])
        }
        return node
    }

    /// The bytes of an IPv4 or IPv6 address in text; nil when it is neither.
    static func bytes(of address: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}

/// A `--trusted-proxies` entry that does not parse.
public struct TrustedProxiesError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
