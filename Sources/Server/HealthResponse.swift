import Hummingbird

/// The body of `GET /healthz`.
struct HealthResponse: ResponseEncodable {
    var status: String
    var index: String
    var documents: Int
    var chunks: Int
    /// The index generation the server's in-memory indexes are at.
    var generation: Int64
}
