/// A bench command's JSON: its figures (`quarry`, `peer`, `ratio`, …) beside the
/// `blas` and `kernels` objects of `HardwareReport`, all at the top level.
struct BenchReport: Encodable {
    var figures: [String: [String: Double]]
    var hardware = HardwareReport.current

    func encode(to encoder: any Encoder) throws {
        try figures.encode(to: encoder)
        try hardware.encode(to: encoder)
    }
}
