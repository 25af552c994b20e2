import NIOCore

/// A channel handler in every HTTP/1 connection's pipeline that notices the client going
/// away (it closed or half-closed its side, or the connection dropped) while a request
/// is still being worked on, so the work it started can stop (``ClientDeparture``).
/// Hummingbird itself does not cancel a handler whose client left.
final class ClientDepartureHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    /// The request parts pass through untouched.
    typealias InboundIn = Any

    let departure = ClientDeparture()

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            departure.depart()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        departure.depart()
        context.fireChannelInactive()
    }
}
