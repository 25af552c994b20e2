import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// A channel handler in every HTTP/1 connection's pipeline that answers 400 to a request
/// carrying more than one `Host` header, and closes the connection.
///
/// Such a request is ambiguous (RFC 9112 §3.2: a server must refuse it): the HTTP/1
/// conversion puts the first `Host` in the request's authority and leaves the others
/// among its fields, so a proxy and this server could each act on a different one, and
/// the `--allowed-hosts` check could pass on a name the request does not only claim.
/// The check has to sit here, on the wire's request: past the conversion, a request
/// built in-process (a test's) looks the same with one `Host` as a wire request with two.
final class AmbiguousHostHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// Set once a request was refused: the rest of its parts are dropped.
    private var refusing = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refusing { return }
        if case .head(let head) = unwrapInboundIn(data), head.authority != nil,
           head.headerFields.contains(where: { $0.name.canonicalName == "host" }) {
            refusing = true
            refuse(context: context)
            return
        }
        context.fireChannelRead(data)
    }

    /// Writes the 400, with a message in the server's JSON error shape, and closes.
    private func refuse(context: ChannelHandlerContext) {
        let message = #"{"error":{"message":"the request has more than one Host header; send exactly one"}}"#
        let body = context.channel.allocator.buffer(string: message)
        let head = HTTPResponse(status: .badRequest, headerFields: [
            .contentType: "application/json; charset=utf-8", .contentLength: String(body.readableBytes),
            .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
