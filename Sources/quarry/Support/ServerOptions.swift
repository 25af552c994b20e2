import ArgumentParser
import Configuration
import Foundation
import QuarryCore
import Server

/// `quarry serve`'s operator settings. Each is read through swift-configuration
/// (``ServeSettingReader``) from, in order of precedence: its flag, its environment
/// variable (`QUARRY_` and the flag's name in capitals with `_`, `--max-body-bytes` →
/// `QUARRY_MAX_BODY_BYTES`), the JSON config file (`--config` or `QUARRY_CONFIG`; keys
/// are the flag names, numbers as JSON numbers, see Deploy/quarry.json), or the default.
struct ServerOptions: ParsableArguments {
    @Option(help: "A JSON config file of serve settings (keys: the flag names).")
    var config: String?

    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (default 8080).")
    var port: Int?

    @Option(
        name: .customLong("auth-token-file"),
        help: "A file holding the bearer token clients must send (QUARRY_AUTH_TOKEN passes the token itself)."
    )
    var authTokenFile: String?

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body (default 16777216).")
    var maxBodyBytes: Int?

    @Option(name: .customLong("body-timeout"), help: "Seconds a client may take to send a body (default 10).")
    var bodyTimeout: Double?

    @Option(name: .customLong("idle-timeout"), help: "Seconds an idle connection stays open (default 15).")
    var idleTimeout: Double?

    @Option(
        name: .customLong("ingest-timeout"),
        help: "Seconds a document write may work before it stops, writing nothing, with 503 (default 60)."
    )
    var ingestTimeout: Double?

    @Option(
        name: .customLong("shutdown-grace"),
        help: "Seconds SIGTERM lets requests in flight finish before cancelling them; the server exits at most 1 s later (default 10)."
    )
    var shutdownGrace: Double?

    @Option(
        name: .customLong("decoder-slots"),
        help: "Requests generating with the local model at once, over all clients (default 2)."
    )
    var decoderSlots: Int?

    @Option(
        name: .customLong("encoder-slots"),
        help: "/v1/embeddings and document writes at once, over all clients (default 2)."
    )
    var encoderSlots: Int?

    @Option(
        name: .customLong("queue-depth"), help: "Requests that may wait for a decoder or encoder slot (default 16)."
    )
    var queueDepth: Int?

    @Option(
        name: .customLong("queue-timeout"),
        help: "Seconds a request waits for a slot before 503 with Retry-After (default 20)."
    )
    var queueTimeout: Double?

    @Option(name: .customLong("max-connections"), help: "Most open connections (default 2048).")
    var maxConnections: Int?

    @Option(
        name: .customLong("max-requests-per-client"),
        help: "Most requests in flight per client address (default 8)."
    )
    var maxRequestsPerClient: Int?

    @Option(
        name: .customLong("max-embedding-bytes"),
        help: "Most text bytes one /v1/embeddings request may embed (default 65536)."
    )
    var maxEmbeddingBytes: Int?

    @Option(name: .customLong("allowed-hosts"), help: "Comma-separated Host header values to accept (default: any).")
    var allowedHosts: String?

    @Option(
        name: .customLong("cors-origin"),
        help: "The browser origin allowed to call the API, or * (default: CORS off)."
    )
    var corsOrigin: String?

    @Option(
        name: .customLong("allowed-origins"),
        help: ArgumentHelp(
            "Comma-separated browser origins (scheme://host[:port]) besides the server's own that may send "
                + "POST, PUT, PATCH and DELETE (default: none; the --cors-origin one may as well)."
        )
    )
    var allowedOrigins: String?

    @Option(
        name: .customLong("trusted-proxies"),
        help: ArgumentHelp(
            "Comma-separated addresses or CIDR ranges of reverse proxies whose Forwarded / X-Forwarded-For "
                + "headers name the real client (default: none)."
        )
    )
    var trustedProxies: String?

    @Option(
        name: .customLong("auth-failures-per-minute"),
        help: "Wrong bearer tokens one client may send per minute before it gets 429 (default 10)."
    )
    var authFailuresPerMinute: Int?

    @Option(
        help: "How answers show file paths: relative (to the indexed files' common folder; default) or absolute."
    )
    var paths: String?

    @Flag(name: .customLong("no-ui"), help: "Do not serve the web page at / (the API is unchanged).")
    var noUI = false

    @Option(
        name: .customLong("log-format"),
        help: "text or json (one JSON object per line, with request ids) (default text)."
    )
    var logFormat: String?

    /// The resolved settings: each read through ``ServeSettingReader`` (swift-configuration),
    /// flags first, then `environment`, then the config file.
    func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> ResolvedServerOptions {
        let lookup = try await ServeSettingReader(flags: flagValues, environment: environment)
        var settings = ServerSettings()
        settings.maxBodyBytes = try lookup.int("max-body-bytes", in: 1...(1 << 30)) ?? settings.maxBodyBytes
        settings.bodyTimeout = try lookup.seconds("body-timeout", in: 0.1...3600) ?? settings.bodyTimeout
        settings.idleTimeout = try lookup.seconds("idle-timeout", in: 0.1...86400) ?? settings.idleTimeout
        settings.ingestTimeout = try lookup.seconds("ingest-timeout", in: 0.1...86400) ?? settings.ingestTimeout
        settings.shutdownGrace = try lookup.seconds("shutdown-grace", in: 0...3600) ?? settings.shutdownGrace
        settings.queueTimeout = try lookup.seconds("queue-timeout", in: 0.1...3600) ?? settings.queueTimeout
        settings.decoderSlots = try lookup.int("decoder-slots", in: 1...256) ?? settings.decoderSlots
        settings.encoderSlots = try lookup.int("encoder-slots", in: 1...256) ?? settings.encoderSlots
        settings.queueDepth = try lookup.int("queue-depth", in: 0...100_000) ?? settings.queueDepth
        settings.maxConnections = try lookup.int("max-connections", in: 1...100_000) ?? settings.maxConnections
        settings.maxRequestsPerClient =
            try lookup.int("max-requests-per-client", in: 1...10_000) ?? settings.maxRequestsPerClient
        settings.maxEmbeddingBytes =
            try lookup.int("max-embedding-bytes", in: 1...(1 << 30)) ?? settings.maxEmbeddingBytes
        settings.allowedHosts = try lookup.list("allowed-hosts")
        settings.allowedOrigins = try lookup.list("allowed-origins")
        do {
            settings.trustedProxies = try TrustedProxies(try lookup.list("trusted-proxies"))
        } catch let error as TrustedProxiesError {
            throw ValidationError(error.message)
        }
        settings.authFailuresPerMinute =
            try lookup.int("auth-failures-per-minute", in: 1...100_000) ?? settings.authFailuresPerMinute
        settings.corsOrigin = try lookup.string("cors-origin")
        if let style = try lookup.string("paths") {
            guard let parsed = DocumentPathStyle(rawValue: style) else {
                throw ValidationError("paths must be relative or absolute, not \(style)")
            }
            settings.paths = parsed
        }
        settings.webPage = !(try lookup.bool("no-ui") ?? false)
        settings.authToken = try authToken(lookup: lookup)
        let format = try lookup.string("log-format") ?? "text"
        guard ["text", "json"].contains(format) else {
            throw ValidationError("log-format must be text or json, not \(format)")
        }
        return ResolvedServerOptions(
            host: try lookup.string("host") ?? "127.0.0.1",
            port: try lookup.int("port", in: 0...65535) ?? 8080,
            settings: settings, jsonLogs: format == "json"
        )
    }

    /// The flags given, keyed by flag name, as swift-configuration values.
    private var flagValues: [String: ConfigContent] {
        let strings: [String: String?] = [
            "config": config, "host": host, "auth-token-file": authTokenFile, "allowed-hosts": allowedHosts,
            "cors-origin": corsOrigin, "allowed-origins": allowedOrigins,
            "trusted-proxies": trustedProxies, "paths": paths, "log-format": logFormat,
        ]
        let ints: [String: Int?] = [
            "port": port, "max-body-bytes": maxBodyBytes, "max-connections": maxConnections,
            "max-requests-per-client": maxRequestsPerClient, "max-embedding-bytes": maxEmbeddingBytes,
            "decoder-slots": decoderSlots, "encoder-slots": encoderSlots, "queue-depth": queueDepth,
            "auth-failures-per-minute": authFailuresPerMinute,
        ]
        let doubles: [String: Double?] = [
            "body-timeout": bodyTimeout, "idle-timeout": idleTimeout, "ingest-timeout": ingestTimeout,
            "shutdown-grace": shutdownGrace, "queue-timeout": queueTimeout,
        ]
        // A flag left off is absent, so the environment or the config file may still set it.
        let bools: [String: Bool?] = ["no-ui": noUI ? true : nil]
        return strings.compactMapValues { $0.map(ConfigContent.string) }
            .merging(bools.compactMapValues { $0.map(ConfigContent.bool) }) { first, _ in first }
            .merging(ints.compactMapValues { $0.map(ConfigContent.int) }) { first, _ in first }
            .merging(doubles.compactMapValues { $0.map(ConfigContent.double) }) { first, _ in first }
    }

    /// The token from `--auth-token-file`, `QUARRY_AUTH_TOKEN`, `QUARRY_AUTH_TOKEN_FILE`,
    /// or the config file's `auth-token-file`; at least 16 characters.
    private func authToken(lookup: ServeSettingReader) throws -> String? {
        let token: String?
        if authTokenFile == nil, let direct = lookup.environment.string(forKey: "auth-token", isSecret: true) {
            token = direct
        } else if let path = try lookup.string("auth-token-file") {
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read the auth token file \(path)")
            }
            token = contents.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = nil
        }
        if let token, token.count < 16 {
            throw ValidationError("the auth token must be at least 16 characters; make one with `openssl rand -hex 32`")
        }
        return token
    }
}

/// Serve settings after precedence is applied.
struct ResolvedServerOptions {
    var host: String
    var port: Int
    var settings: ServerSettings
    var jsonLogs: Bool
}
