import Hummingbird
import Models
import QuarryCore

/// Turns every error a handler throws into a response through Quarry's one error
/// model: a user's mistake is a 4xx that says what to fix, and only Quarry's own
/// faults are 500s (and logged).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch let error as ModelError {
            // Its message names the model file by its server path: logged, not sent.
            context.logger.error("\(request.method) \(request.uri.path): \(error.message)")
            throw QuarryError(
                .unavailable, "a model this request needs cannot be loaded on this server; its log says why "
                    + "(the operator fixes the model, e.g. with Deploy/fetch-models.sh, and restarts it); "
                    + "requests that need no model still work"
            )
        } catch {
            let mapped = QuarryError(error)
            if mapped.kind == .internal {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(mapped.message)")
            }
            throw mapped
        }
    }
}
