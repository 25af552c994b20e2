import Foundation

/// A `.safetensors` file, memory-mapped: an 8-byte header length, a JSON header naming
/// each tensor's dtype, shape and byte range, then the raw data.
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
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// The file's path.
    public let path: String
    /// Tensors by name.
    public let tensors: [String: TensorInfo]
    /// Tensors of other dtypes (such as I64 buffers), by name: their dtype. Reading one throws.
    public let otherTensors: [String: String]
    private let file: MappedFile

    /// Opens and parses the file at `path`; throws a `ModelError` naming it when it is
    /// truncated, malformed or uses a dtype other than F32/F16/BF16.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        self.path = path
        var reader = ByteReader(bytes: file.bytes, path: path)
        let headerLength = try reader.read(UInt64.self, "the header length")
        guard headerLength < UInt64(file.bytes.count) else {
            throw ModelError.truncated(path, "the header says \(headerLength) bytes but the file has \(file.bytes.count)")
        }
        let headerBytes = try reader.readBytes(Int(headerLength), "the JSON header")
        let dataStart = 8 + Int(headerLength)
        guard let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any] else {
            throw ModelError.malformed(path, "the header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        var otherTensors: [String: String] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let range = entry["data_offsets"] as? [Int], range.count == 2
            else { throw ModelError.malformed(path, "tensor \(name) has an incomplete header entry") }
            let type: TensorType
            switch dtype {
            case "F32": type = .f32
            case "F16": type = .f16
            case "BF16": type = .bf16
            default:
                otherTensors[name] = dtype
                continue
            }
            let info = TensorInfo(type: type, shape: shape, fileOffset: dataStart + range[0])
            guard range[1] - range[0] == type.byteCount(elements: info.elementCount) else {
                throw ModelError.malformed(path, "tensor \(name): byte range does not match its shape")
            }
            guard dataStart + range[1] <= file.bytes.count else {
                throw ModelError.truncated(path, "tensor \(name) ends past the end of the file")
            }
            tensors[name] = info
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
        let source = file.bytes.baseAddress! + info.fileOffset
        return [Float](unsafeUninitializedCapacity: info.elementCount) { buffer, count in
            Dequantize.decode(source, type: info.type, count: info.elementCount, into: buffer.baseAddress!)
            count = info.elementCount
        }
    }
}
