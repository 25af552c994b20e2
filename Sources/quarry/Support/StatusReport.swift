import Store

/// `status --json`: the index's counts beside the `blas` and `kernels` objects of `HardwareReport`.
struct StatusReport: Encodable {
    var statistics: IndexStatistics
    var hardware = HardwareReport.current

    func encode(to encoder: any Encoder) throws {
        try statistics.encode(to: encoder)
        try hardware.encode(to: encoder)
    }
}
