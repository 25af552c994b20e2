import Hummingbird

/// Counts every request by route pattern and status, and times it, into
/// ``ServerMetrics``; outermost, so it sees the status every other layer settled on.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(context, status: response.status.code, since: started)
            return response
        } catch let error as any HTTPResponseError {
            record(context, status: error.status.code, since: started)
            throw error
        } catch {
            record(context, status: 500, since: started)
            throw error
        }
    }

    private func record(_ context: Context, status: Int, since started: ContinuousClock.Instant) {
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        metrics.request(route: route, status: status, duration: ContinuousClock.now - started)
    }
}
