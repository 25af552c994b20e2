import PostgresStore
import Store

extension PostgresLocation {
    /// This database as `--index` takes it, password included, TLS off (the test cluster
    /// listens on loopback only).
    var testURL: String {
        let secret = password.map { ":\($0)" } ?? ""
        return "postgres://\(user)\(secret)@\(host):\(port)/\(database)?sslmode=disable"
    }
}
