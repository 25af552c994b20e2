import Foundation
import NIOCore
import QuarryCore

/// Why a server could not start listening, in the user's terms: a port another process
/// holds, one this user may not open, an address this machine does not have.
enum ListenFailure {
    /// `error` from binding `host:port` as a ``QuarryError`` (`.unavailable`: exit 1)
    /// saying what to do; nil when it is not a failure to listen.
    static func quarryError(_ error: any Error, host: String, port: Int) -> QuarryError? {
        guard let error = error as? IOError else { return nil }
        let address = "\(host):\(port)"
        switch error.errnoCode {
        case EADDRINUSE:
            return QuarryError(
                .unavailable, "\(address) is in use by another process; stop it, or choose another --port"
            )
        case EACCES:
            return QuarryError(
                .unavailable, "this user may not listen on \(address) (ports below 1024 need privileges); "
                    + "choose a --port from 1024 up"
            )
        case EADDRNOTAVAIL:
            return QuarryError(
                .unavailable, "\(host) is not an address of this machine; choose another --host (127.0.0.1, 0.0.0.0)"
            )
        default:
            return nil
        }
    }
}
