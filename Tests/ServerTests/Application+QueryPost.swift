import Foundation
import Hummingbird
import HummingbirdTesting
import Server

extension Application where Responder == RouterResponder<QuarryRequestContext> {
    /// Posts `body` to `/v1/query` through the router (no socket) and hands the response
    /// to `check`: what the suites that ask the HTTP API questions share.
    func postQuery(_ body: String, check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await test(.router) { client in
            try await client.execute(
                uri: "/v1/query", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body)
            ) { response in
                try check(response)
            }
        }
    }
}
