import AsyncHTTPClient
import NIOCore
import NIOPosix
import Synchronization

/// The process's pooled HTTP client for OpenAI-compatible servers: every request of the
/// chat generator and the embedder goes through it, so connections are kept alive and
/// reused instead of opened per request.
///
/// AsyncHTTPClient bounds the wait between two reads of a response for the whole client,
/// and ``OpenAIEndpoint/timeout`` says how long that is, so the pool holds one client per
/// timeout in use. The command line and the server configure one timeout
/// (`--openai-timeout`), so a process has one client; tests with several timeouts get one
/// each. ``shutdown()`` closes them (the server calls it once it has stopped serving);
/// a request after that opens a new client.
public enum OpenAIConnections {
    /// The most connections kept open to one host.
    public static let connectionsPerHost = 8

    private static let clients = Mutex<[Int64: HTTPClient]>([:])

    /// The shared client whose reads give up after `timeout` of silence.
    static func client(readTimeout timeout: TimeAmount) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[timeout.nanoseconds] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: timeout, read: timeout)
            configuration.connectionPool = .init(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost
            )
            configuration.httpVersion = .http1Only
            configuration.decompression = .disabled
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
            clients[timeout.nanoseconds] = client
            return client
        }
    }

    /// Closes every pooled connection and client; requests under way fail.
    public static func shutdown() async {
        let open = clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in open {
            try? await client.shutdown()
        }
    }
}
