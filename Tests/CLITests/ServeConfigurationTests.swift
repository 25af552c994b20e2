import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `quarry serve` reads each setting from its flag, else its `QUARRY_` environment
/// variable, else the JSON config file (README, "Configuration"; swift-configuration
/// underneath): the port it listens on and the body limit it enforces show which source
/// won. A value that does not parse stops the server with a message naming the setting,
/// instead of silently falling back to the default.
@Suite("Serve configuration", .serialized)
struct ServeConfigurationTests {
    let quarry: QuarryBinary
    let root: URL

    init() throws {
        quarry = try QuarryBinary()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-config-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data("VACUUM reclaims storage occupied by dead tuples.".utf8)
            .write(to: docs.appendingPathComponent("v.txt"))
        let index = try quarry.run(["index", "docs", "--index", "index.quarry", "--embedder", "none"], in: root)
        #expect(index.status == 0, "\(index.stderr)")
    }

    /// `quarry serve` over the fixture's index with `flags` and `environment` added.
    private func serve(_ flags: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = quarry.url
        process.arguments = ["serve", "--index", "index.quarry", "--retriever", "bm25", "--embedder", "none"] + flags
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QUARRY_") }
            .merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// `body`'s result while `quarry serve` runs with `flags` and `environment`; the server is stopped after.
    private func withServer<T>(
        _ flags: [String], _ environment: [String: String], _ body: () async throws -> T
    ) async throws -> T {
        let process = try serve(flags, environment: environment)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        return try await body()
    }

    /// The status of POSTing a `bytes`-byte JSON body to `/v1/query` on `port`, once the
    /// server there answers `/healthz` (nil if it never does).
    private func statusOfQuery(port: Int, bytes: Int) async throws -> Int? {
        guard let base = try await servedAddress(port: port) else { return nil }
        let question = String(repeating: "a", count: bytes - #"{"question": ""}"#.utf8.count)
        var request = URLRequest(url: base.appendingPathComponent("v1/query"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"question": "\#(question)"}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsTheConfigFile() async throws {
        let ports = try (0..<3).map { _ in try freePort() }
        let config = root.appendingPathComponent("quarry.json")
        try Data(#"{"port": \#(ports[0]), "max-body-bytes": 3000}"#.utf8).write(to: config)

        // The file alone: its port, and its body limit (a 5,000-byte body is 413).
        #expect(try await withServer(["--config", config.path], [:]) {
            try await statusOfQuery(port: ports[0], bytes: 5000)
        } == 413)
        // The environment over the file (which it names): its port and its larger limit;
        // 5,000 bytes of one word is a question over 4,000 bytes, refused as input (400), not as a body (413).
        let environment = [
            "QUARRY_CONFIG": config.path, "QUARRY_PORT": "\(ports[1])", "QUARRY_MAX_BODY_BYTES": "100000",
        ]
        #expect(try await withServer([], environment) {
            try await statusOfQuery(port: ports[1], bytes: 5000)
        } == 400)
        // Flags over both.
        #expect(try await withServer(["--port", "\(ports[2])", "--max-body-bytes", "3000"], environment) {
            try await statusOfQuery(port: ports[2], bytes: 5000)
        } == 413)
    }

    /// The status of `GET /` on `port` once the server there answers `/healthz` (nil if it never does).
    private func statusOfPage(port: Int) async throws -> Int? {
        guard let base = try await servedAddress(port: port) else { return nil }
        let (_, response) = try await URLSession.shared.data(from: base)
        return (response as? HTTPURLResponse)?.statusCode
    }

    @Test func theWebPageIsOnByDefaultAndNoUITurnsItOffFromFlagEnvironmentOrFile() async throws {
        let ports = try (0..<4).map { _ in try freePort() }
        let config = root.appendingPathComponent("no-ui.json")
        try Data(#"{"port": \#(ports[3]), "no-ui": true}"#.utf8).write(to: config)
        #expect(try await withServer(["--port", "\(ports[0])"], [:]) { try await statusOfPage(port: ports[0]) } == 200)
        #expect(try await withServer(["--port", "\(ports[1])", "--no-ui"], [:]) {
            try await statusOfPage(port: ports[1])
        } == 404)
        #expect(try await withServer(["--port", "\(ports[2])"], ["QUARRY_NO_UI": "true"]) {
            try await statusOfPage(port: ports[2])
        } == 404)
        #expect(try await withServer(["--config", config.path], [:]) { try await statusOfPage(port: ports[3]) } == 404)
    }

    @Test func aValueThatDoesNotParseStopsTheServerAndNamesTheSetting() throws {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QUARRY_") }
        let badVariable = try quarry.run(
            ["serve", "--index", "index.quarry", "--retriever", "bm25", "--embedder", "none"], in: root,
            environment: environment.merging(["QUARRY_MAX_BODY_BYTES": "lots"]) { _, new in new }
        )
        #expect(badVariable.status != 0)
        #expect(badVariable.stderr.contains("max-body-bytes") && badVariable.stderr.contains("environment"))

        let config = root.appendingPathComponent("bad.json")
        try Data(#"{"idle-timeout": "soon"}"#.utf8).write(to: config)
        let badFile = try quarry.run(
            ["serve", "--index", "index.quarry", "--retriever", "bm25", "--embedder", "none", "--config", config.path],
            in: root, environment: environment
        )
        #expect(badFile.status != 0)
        #expect(badFile.stderr.contains("idle-timeout") && badFile.stderr.contains("config file"))

        let badSwitch = try quarry.run(
            ["serve", "--index", "index.quarry", "--retriever", "bm25", "--embedder", "none"], in: root,
            environment: environment.merging(["QUARRY_NO_UI": "maybe"]) { _, new in new }
        )
        #expect(badSwitch.status != 0)
        #expect(badSwitch.stderr.contains("no-ui") && badSwitch.stderr.contains("true or false"))
    }
}

/// A TCP port no one listens on now (the kernel's pick for port 0).
func freePort() throws -> Int {
    let socket = try boundSocket(listening: false)
    close(socket.descriptor)
    return socket.port
}

/// A socket on 127.0.0.1 at the kernel's pick of port, listening when `listening` is
/// true (so no one else can bind the port); the caller closes it.
func boundSocket(listening: Bool) throws -> (descriptor: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound, !listening || listen(fd, 1) == 0 else {
        close(fd)
        throw POSIXError(.EADDRINUSE)
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}
