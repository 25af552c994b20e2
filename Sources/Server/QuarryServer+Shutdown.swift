import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

extension QuarryServer {
    /// The service group `quarry serve` runs `application` in. On SIGTERM or SIGINT it
    /// stops accepting and lets requests in flight finish for `settings.shutdownGrace`,
    /// then cancels them (a document write stops, having written nothing; a generation
    /// stops before its next token); if any still runs a second later (a step that checks
    /// cancellation only at its end), `expire` runs. `quarry serve` passes one that ends
    /// the process, so a stop takes at most the grace period and one second.
    public static func serviceGroup(
        running application: some ApplicationProtocol, settings: ServerSettings, logger: Logger,
        expire: @escaping @Sendable () -> Void
    ) -> ServiceGroup {
        let bounded = BoundedShutdown(service: application, grace: settings.shutdownGrace, logger: logger, expire: expire)
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: bounded)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )
        configuration.maximumGracefulShutdownDuration = settings.shutdownGrace
        return ServiceGroup(configuration: configuration)
    }
}
