import Hummingbird

/// The body of `GET /readyz` when the index answers (200): `writes` is `available`, or
/// `unavailable` with the `reason` and what to do (a read-only file, a full disk, a
/// lock held too long, a damaged file, a shared store out of reach) while queries keep
/// working; `stale` is true while a shared store (PostgreSQL) cannot be reached and
/// answers come from this node's state as of its last read.
struct ReadinessResponse: ResponseEncodable {
    var status = "ready"
    var writes: String
    var reason: String?
    var stale: Bool?
}
