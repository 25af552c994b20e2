import Foundation

/// The head of every parameters blob: magic `QDIX`, format version, spec, metric,
/// dimension, training count and whether trained, all little-endian. A trained
/// index's own arrays follow.
struct ParameterHeader: Equatable {
    static let magic: [UInt8] = Array("QDIX".utf8)
    static let version: UInt32 = 1

    var spec: IndexSpec
    var metric: Metric
    var dimension: Int
    var trainingCount: Int
    var isTrained: Bool

    func write(to writer: inout BlobWriter) {
        for byte in Self.magic { writer.write(byte) }
        writer.write(Self.version)
        writer.write(spec.description)
        writer.write(metric == .innerProduct ? UInt8(0) : UInt8(1))
        writer.write(UInt32(dimension))
        writer.write(UInt64(trainingCount))
        writer.write(isTrained ? UInt8(1) : UInt8(0))
    }

    static func read(from reader: inout BlobReader) throws -> ParameterHeader {
        guard Array(try reader.take(4, field: "magic")) == magic else {
            throw DenseIndexError.invalidParameters("does not start with 'QDIX'; it is not a Quarry dense index blob")
        }
        let version = try reader.readUInt32(field: "version")
        guard version == Self.version else {
            throw DenseIndexError.invalidParameters("format version \(version) is not supported (this build reads version \(Self.version))")
        }
        let specText = try reader.readString(field: "spec")
        let spec: IndexSpec
        do { spec = try IndexSpec(parsing: specText) } catch {
            throw DenseIndexError.invalidParameters("spec '\(specText)' does not parse")
        }
        let metric: Metric
        switch try reader.readUInt8(field: "metric") {
        case 0: metric = .innerProduct
        case 1: metric = .l2
        case let other: throw DenseIndexError.invalidParameters("metric code \(other) is unknown (0 = inner product, 1 = L2)")
        }
        let dimension = Int(try reader.readUInt32(field: "dimension"))
        guard dimension > 0 else { throw DenseIndexError.invalidParameters("dimension is 0") }
        let trainingCount = try reader.readUInt64(field: "training count")
        guard trainingCount <= UInt64(Int.max) else { throw DenseIndexError.invalidParameters("training count is out of range") }
        let trained = try reader.readUInt8(field: "trained flag")
        guard trained <= 1 else { throw DenseIndexError.invalidParameters("trained flag is \(trained), expected 0 or 1") }
        return ParameterHeader(spec: spec, metric: metric, dimension: dimension, trainingCount: Int(trainingCount), isTrained: trained == 1)
    }
}
