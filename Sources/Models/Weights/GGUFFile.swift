/// A GGUF (version 2 or 3) model file, memory-mapped: metadata, tensor directory and
/// raw tensor bytes.
public final class GGUFFile: @unchecked Sendable {
    /// Where and how one tensor is stored.
    public struct TensorInfo: Sendable {
        /// Tensor name, e.g. `blk.0.attn_q.weight`.
        public let name: String
        /// Dimensions, fastest-varying first (GGML order): `[columns, rows]` for matrices.
        public let dimensions: [Int]
        /// Element encoding.
        public let type: TensorType
        /// Byte offset from the start of the file.
        public let fileOffset: Int

        /// Total element count.
        public var elementCount: Int { dimensions.reduce(1, *) }
        /// Bytes the tensor occupies.
        public var byteCount: Int { type.byteCount(elements: elementCount) }
    }

    /// The file's path.
    public let path: String
    /// Format version (2 or 3).
    public let version: Int
    /// Every metadata key and value.
    public let metadata: [String: GGUFValue]
    /// Tensors by name.
    public let tensors: [String: TensorInfo]
    /// Tensor names in file order.
    public let tensorNames: [String]
    /// Data alignment (`general.alignment`, default 32).
    public let alignment: Int
    private let file: MappedFile

    /// Opens and parses the file at `path`; throws a `ModelError` naming the file when it
    /// is not GGUF, is truncated, or uses an unsupported tensor type.
    public init(path: String) throws {
        file = try MappedFile(path: path)
        self.path = path
        var reader = ByteReader(bytes: file.bytes, path: path)
        let magic = try reader.read(UInt32.self, "the magic number")
        guard magic == 0x4655_4747 else { throw ModelError.malformed(path, "missing the GGUF magic number") }
        version = Int(try reader.read(UInt32.self, "the version"))
        guard version == 2 || version == 3 else {
            throw ModelError("\(path): GGUF version \(version) is not supported (only 2 and 3)")
        }
        let tensorCount = try reader.read(UInt64.self, "the tensor count")
        let keyCount = try reader.read(UInt64.self, "the metadata count")
        guard tensorCount < 1_000_000, keyCount < 1_000_000 else {
            throw ModelError.malformed(path, "implausible counts: \(tensorCount) tensors, \(keyCount) keys")
        }
        var metadata: [String: GGUFValue] = [:]
        for _ in 0..<keyCount {
            let key = try Self.readString(&reader, "a metadata key")
            let type = try reader.read(UInt32.self, "the type of \(key)")
            metadata[key] = try Self.readValue(&reader, type: type, key: key)
        }
        self.metadata = metadata
        alignment = metadata["general.alignment"]?.int ?? 32
        guard alignment > 0 else { throw ModelError.malformed(path, "general.alignment is \(alignment)") }

        var infos: [(name: String, dims: [Int], type: TensorType, offset: Int)] = []
        for _ in 0..<tensorCount {
            let name = try Self.readString(&reader, "a tensor name")
            let rank = try reader.read(UInt32.self, "the rank of \(name)")
            guard rank <= 4 else { throw ModelError.malformed(path, "tensor \(name) has rank \(rank)") }
            var dims: [Int] = []
            for _ in 0..<rank { dims.append(Int(try reader.read(UInt64.self, "the shape of \(name)"))) }
            let rawType = try reader.read(UInt32.self, "the type of \(name)")
            guard let type = TensorType(rawValue: Int(rawType)) else {
                throw ModelError("\(path): tensor \(name) has GGML type \(rawType), which Quarry does not support (F32, F16, BF16, Q4_0, Q4_1, Q8_0)")
            }
            let offset = Int(try reader.read(UInt64.self, "the offset of \(name)"))
            infos.append((name, dims, type, offset))
        }
        let dataStart = (reader.offset + alignment - 1) / alignment * alignment
        var tensors: [String: TensorInfo] = [:]
        for info in infos {
            let tensor = TensorInfo(name: info.name, dimensions: info.dims, type: info.type, fileOffset: dataStart + info.offset)
            guard tensor.elementCount % info.type.blockSize == 0 else {
                throw ModelError.malformed(path, "tensor \(info.name) has \(tensor.elementCount) elements, not whole blocks")
            }
            guard tensor.fileOffset + tensor.byteCount <= file.bytes.count else {
                throw ModelError.truncated(path, "tensor \(info.name) ends past the end of the file")
            }
            tensors[info.name] = tensor
        }
        self.tensors = tensors
        tensorNames = infos.map(\.name)
    }

    /// The raw bytes of tensor `name`; throws when the file has no such tensor.
    public func rawBytes(_ name: String) throws -> UnsafeRawPointer {
        let info = try tensor(name)
        return file.bytes.baseAddress! + info.fileOffset
    }

    /// The directory entry of tensor `name`; throws a `ModelError` naming the file when absent.
    public func tensor(_ name: String) throws -> TensorInfo {
        guard let info = tensors[name] else { throw ModelError("\(path): has no tensor named \(name)") }
        return info
    }

    /// Tensor `name` decoded to Float32, in storage order.
    public func floats(_ name: String) throws -> [Float] {
        let info = try tensor(name)
        let source = try rawBytes(name)
        return [Float](unsafeUninitializedCapacity: info.elementCount) { buffer, count in
            Dequantize.decode(source, type: info.type, count: info.elementCount, into: buffer.baseAddress!)
            count = info.elementCount
        }
    }

    /// Metadata value `key` as an integer; throws when missing or not an integer.
    public func int(_ key: String) throws -> Int {
        guard let value = metadata[key]?.int else { throw ModelError("\(path): metadata \(key) is missing or not an integer") }
        return value
    }

    /// Metadata value `key` as a number; throws when missing or not numeric.
    public func double(_ key: String) throws -> Double {
        guard let value = metadata[key]?.double else { throw ModelError("\(path): metadata \(key) is missing or not a number") }
        return value
    }

    /// Metadata value `key` as an array of strings; throws when missing or of another type.
    public func strings(_ key: String) throws -> [String] {
        guard let values = metadata[key]?.array else { throw ModelError("\(path): metadata \(key) is missing or not an array") }
        return try values.map {
            guard let s = $0.string else { throw ModelError("\(path): metadata \(key) holds a non-string") }
            return s
        }
    }

    private static func readString(_ reader: inout ByteReader, _ what: String) throws -> String {
        let length = try reader.read(UInt64.self, "the length of \(what)")
        guard length < UInt64(reader.bytes.count) else { throw ModelError.truncated(reader.path, "while reading \(what)") }
        let raw = try reader.readBytes(Int(length), what)
        return String(decoding: raw, as: UTF8.self)
    }

    private static func readValue(_ reader: inout ByteReader, type: UInt32, key: String) throws -> GGUFValue {
        let what = "metadata \(key)"
        switch type {
        case 0: return .uint8(try reader.read(UInt8.self, what))
        case 1: return .int8(try reader.read(Int8.self, what))
        case 2: return .uint16(try reader.read(UInt16.self, what))
        case 3: return .int16(try reader.read(Int16.self, what))
        case 4: return .uint32(try reader.read(UInt32.self, what))
        case 5: return .int32(try reader.read(Int32.self, what))
        case 6: return .float32(try reader.readFloat(what))
        case 7: return .bool(try reader.read(UInt8.self, what) != 0)
        case 8: return .string(try readString(&reader, what))
        case 9:
            let elementType = try reader.read(UInt32.self, what)
            let count = try reader.read(UInt64.self, what)
            guard count < UInt64(reader.bytes.count) else { throw ModelError.truncated(reader.path, "while reading \(what)") }
            var values: [GGUFValue] = []
            values.reserveCapacity(Int(count))
            for _ in 0..<count { values.append(try readValue(&reader, type: elementType, key: key)) }
            return .array(values)
        case 10: return .uint64(try reader.read(UInt64.self, what))
        case 11: return .int64(try reader.read(Int64.self, what))
        case 12: return .float64(try reader.readDouble(what))
        default: throw ModelError.malformed(reader.path, "\(what) has unknown value type \(type)")
        }
    }
}
