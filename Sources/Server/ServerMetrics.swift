import Metrics
import Prometheus
import QuarryCore

/// The server's Prometheus metrics, kept through swift-metrics on a registry of its
/// own (not the process-wide one), so each server, and each test, counts alone:
///
/// - `quarry_http_requests_total{route,status}` and
///   `quarry_http_request_duration_seconds{route}` (histogram);
/// - `quarry_query_stage_duration_seconds{stage}` (histogram of `StageTimings`:
///   retrieve, select, compress, generate, total);
/// - `quarry_index_documents`, `quarry_index_chunks`, `quarry_index_generation`;
/// - `quarry_ingest_documents_total{operation}` (`write`, `delete`) and
///   `quarry_ingest_chunks_total`.
public final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let milliseconds = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]
        let buckets: [Duration] = milliseconds.map { .milliseconds($0) }
        factory.defaultDurationHistogramBuckets = buckets
        self.factory = factory
    }

    /// Counts one answered request; `route` is the route's pattern (not the raw path,
    /// which would make a series per document id).
    func request(route: String, status: Int, duration: Duration) {
        Counter(label: "quarry_http_requests_total", dimensions: [("route", route), ("status", String(status))],
                factory: factory).increment()
        Timer(label: "quarry_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Records each stage's time of one answered query.
    func query(_ timings: StageTimings) {
        var stages = [("retrieve", timings.retrieve), ("select", timings.select), ("generate", timings.generate),
                      ("total", timings.total)]
        if let compress = timings.compress { stages.append(("compress", compress)) }
        for (stage, milliseconds) in stages {
            Timer(label: "quarry_query_stage_duration_seconds", dimensions: [("stage", stage)], factory: factory)
                .recordNanoseconds(Int64(milliseconds * 1_000_000))
        }
    }

    /// Counts a document written (`chunks` > 0) or deleted through the API.
    func ingest(operation: String, chunks: Int) {
        Counter(label: "quarry_ingest_documents_total", dimensions: [("operation", operation)], factory: factory)
            .increment()
        if chunks > 0 {
            Counter(label: "quarry_ingest_chunks_total", factory: factory).increment(by: chunks)
        }
    }

    /// Sets `quarry_index_stale`: 1 while the shared store cannot be reached and answers
    /// come from this node's state, else 0.
    func stale(_ stale: Bool) {
        Gauge(label: "quarry_index_stale", factory: factory).record(stale ? 1 : 0)
    }

    /// Sets the index-size gauges.
    func index(documents: Int, chunks: Int, generation: Int64) {
        Gauge(label: "quarry_index_documents", factory: factory).record(documents)
        Gauge(label: "quarry_index_chunks", factory: factory).record(chunks)
        Gauge(label: "quarry_index_generation", factory: factory).record(generation)
    }

    /// Everything, in Prometheus's text format.
    public func exposition() -> String {
        registry.emitToString()
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        Int64((milliseconds * 1_000_000).rounded())
    }
}
