import Hummingbird

/// The body of `GET /readyz` when the index answers (200): `writes` is `available`, or
/// `unavailable` with the `reason` and what to do (a read-only file, a full disk, a
/// lock held too long, a damaged file) while queries keep working.
struct ReadinessResponse: ResponseEncodable {
    var status = "ready"
    var writes: String
    var reason: String?
}
