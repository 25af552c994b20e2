import Store

/// `status --json`: `index_exists`, the index's counts (when it exists) and the `blas` and
/// `kernels` objects of `HardwareReport`, all at the top level.
struct StatusReport: Encodable {
    /// The index's counts; nil when there is no index file.
    var statistics: IndexStatistics?
    var hardware = HardwareReport.current

    private enum CodingKeys: String, CodingKey {
        case indexExists = "index_exists"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(statistics != nil, forKey: .indexExists)
        try statistics?.encode(to: encoder)
        try hardware.encode(to: encoder)
    }
}
