import Hummingbird
import Logging
import ServiceLifecycle

extension QuarryServer {
    /// The service group `quarry serve` runs `application` in. On SIGTERM or SIGINT it
    /// stops accepting and lets requests in flight finish for `settings.shutdownGrace`,
    /// then cancels them (a document write stops, having written nothing; a generation
    /// stops before its next token); a request that still ignores cancellation after as
    /// long again (at least 5 s) ends the process.
    public static func serviceGroup(
        running application: some ApplicationProtocol, settings: ServerSettings, logger: Logger
    ) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: application)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )
        configuration.maximumGracefulShutdownDuration = settings.shutdownGrace
        configuration.maximumCancellationDuration = max(settings.shutdownGrace, .seconds(5))
        return ServiceGroup(configuration: configuration)
    }
}
