import Foundation

/// A `.safetensors` file, memory-mapped: an 8-byte header length, a JSON header naming
/// each tensor's dtype, shape and byte range, then the raw data. Every field of the
/// header is checked against the file when it opens, so reading a tensor never leaves
/// the mapped bytes whatever the file holds.
public final class SafetensorsFile: @unchecked Sendable {
    /// Where and how one tensor is stored.
    public struct TensorInfo: Sendable {
        /// Element encoding (F32, F16 or BF16).
        public let type: TensorType
        /// Shape, slowest-varying first (PyTorch order).
        public let shape: [Int]
        /// Byte offset from the start of the file.
        public let fileOffset: Int
        /// Element count.
        public let elementCount: Int
    }

    /// The largest JSON header accepted, as in the reference implementation (100 MB).
    public static let maximumHeaderBytes = 100_000_000

    /// Bytes per element of every dtype the format defines; Quarry decodes F32, F16 and BF16.
    static let elementBytes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
        "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4,
        "I64": 8, "U64": 8, "F64": 8,
    ]

    /// The file's path.
    public let path: String
    /// Tensors by name.
    public let tensors: [String: TensorInfo]
    /// Tensors of other dtypes (such as I64 buffers), by name: their dtype. Reading one throws.
    public let otherTensors: [String: String]
    private let file: MappedFile

    /// Opens and parses the file at `path`; throws a `ModelError` naming it when it is
    /// truncated or malformed: a header length past the end of the file, a header that is
    /// not a JSON object, an unknown dtype, a negative or overflowing shape, or a byte
    /// range that is reversed, does not match the shape, or ends past the file.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        self.path = path
        var reader = ByteReader(bytes: file.bytes, path: path)
        let headerLength = try reader.read(UInt64.self, "the header length")
        guard headerLength <= UInt64(Self.maximumHeaderBytes) else {
            throw ModelError.malformed(path, "the header length is \(headerLength) bytes, over the \(Self.maximumHeaderBytes)-byte limit of the format")
        }
        guard headerLength <= UInt64(reader.remaining) else {
            throw ModelError.truncated(path, "the header says \(headerLength) bytes but only \(reader.remaining) follow the length")
        }
        let headerBytes = try reader.readBytes(Int(headerLength), "the JSON header")
        let dataStart = reader.offset
        let dataBytes = reader.remaining
        guard let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any] else {
            throw ModelError.malformed(path, "the header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        var otherTensors: [String: String] = [:]
        for (name, value) in header where name != "__metadata__" {
            func malformed(_ what: String) -> ModelError { ModelError.malformed(path, "tensor \(name): \(what)") }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let range = entry["data_offsets"] as? [Int]
            else {
                throw malformed("the header entry needs a dtype string, a shape and data_offsets of integers")
            }
            guard range.count == 2, range[0] >= 0, range[0] <= range[1] else {
                throw malformed("data_offsets \(range) are not two offsets [begin, end] with 0 ≤ begin ≤ end")
            }
            guard range[1] <= dataBytes else {
                throw ModelError.truncated(path, "tensor \(name) ends at data offset \(range[1]), past the \(dataBytes) data bytes of the file")
            }
            guard let size = Self.elementBytes[dtype] else {
                throw malformed("unknown dtype \(dtype)")
            }
            guard let count = ElementCount.of(shape) else {
                throw malformed("shape \(shape) has a negative dimension or more elements than fit in memory")
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, bytes == range[1] - range[0] else {
                throw malformed("shape \(shape) of \(dtype) needs \(overflow ? "more than Int.max" : String(bytes)) bytes but data_offsets \(range) hold \(range[1] - range[0])")
            }
            let type: TensorType
            switch dtype {
            case "F32": type = .f32
            case "F16": type = .f16
            case "BF16": type = .bf16
            default:
                otherTensors[name] = dtype
                continue
            }
            tensors[name] = TensorInfo(type: type, shape: shape, fileOffset: dataStart + range[0], elementCount: count)
        }
        self.tensors = tensors
        self.otherTensors = otherTensors
    }

    /// Tensor `name` decoded to Float32 in row-major order; throws when absent.
    public func floats(_ name: String) throws -> [Float] {
        guard let info = tensors[name] else {
            if let dtype = otherTensors[name] {
                throw ModelError("\(path): tensor \(name) has dtype \(dtype); Quarry reads F32, F16 and BF16 weights only")
            }
            throw ModelError("\(path): has no tensor named \(name)")
        }
        guard info.elementCount > 0 else { return [] }
        let source = file.bytes.baseAddress! + info.fileOffset
        return [Float](unsafeUninitializedCapacity: info.elementCount) { buffer, count in
            Dequantize.decode(source, type: info.type, count: info.elementCount, into: buffer.baseAddress!)
            count = info.elementCount
        }
    }

    /// Tensor `name` decoded to Float32, which must hold exactly `count` elements (the
    /// size the model's configuration implies); throws a `ModelError` naming both sizes.
    public func floats(_ name: String, count: Int) throws -> [Float] {
        if let info = tensors[name], info.elementCount != count {
            throw ModelError("\(path): tensor \(name) has \(info.elementCount) elements but the configuration needs \(count); the weights do not match config.json")
        }
        return try floats(name)
    }
}
