import Hummingbird

extension Response {
    /// This response with `action` run once its body has been written (or writing it
    /// failed): how a request holds a limit's place until a streamed answer ends.
    func onBodyWritten(_ action: @escaping @Sendable () -> Void) -> Response {
        var response = self
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { action() }
            try await body.write(writer)
        }
        return response
    }
}
