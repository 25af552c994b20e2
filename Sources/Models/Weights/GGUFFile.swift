/// A GGUF (version 2 or 3) model file, memory-mapped: metadata, tensor directory and
/// raw tensor bytes. Every count, length, shape and offset is checked against the bytes
/// of the file when it opens, so a damaged or hostile file is refused with a
/// `ModelError` instead of allocating without bound or reading outside the mapping.
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
        public let elementCount: Int
        /// Bytes the tensor occupies.
        public let byteCount: Int
    }

    /// Most dimensions a tensor may have (GGML's limit).
    public static let maximumRank = 4
    /// Deepest nesting of metadata arrays accepted (real files nest none).
    static let maximumArrayNesting = 4
    /// Most elements one metadata array may hold. Each element is held as a `GGUFValue`
    /// (up to 24 bytes for a 1-byte value), so this caps what a file can make Quarry
    /// allocate; the largest real vocabularies hold about 2^18 tokens.
    static let maximumArrayLength = 1 << 24
    /// Fewest bytes one metadata entry takes: key length, value type, a one-byte value.
    static let minimumEntryBytes = 8 + 4 + 1
    /// Fewest bytes one tensor directory entry takes: name length, rank, one dimension,
    /// type, offset.
    static let minimumTensorInfoBytes = 8 + 4 + 8 + 4 + 8

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
    /// Data alignment (`general.alignment`, a power of two, default 32).
    public let alignment: Int
    private let file: MappedFile

    /// Opens and parses the file at `path`; throws a `ModelError` naming the file when it
    /// is not GGUF, is truncated, holds counts, lengths, shapes or offsets that do not fit
    /// the file, repeats a key or tensor name, or uses an unsupported tensor type.
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
        let tensorCount = try reader.readCount("the tensor count", minimumBytes: Self.minimumTensorInfoBytes)
        let keyCount = try reader.readCount("the metadata count", minimumBytes: Self.minimumEntryBytes)
        var metadata: [String: GGUFValue] = [:]
        for _ in 0..<keyCount {
            let key = try Self.readString(&reader, "a metadata key")
            let type = try reader.read(UInt32.self, "the type of \(key)")
            let value = try Self.readValue(&reader, type: type, key: key, depth: 0)
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw ModelError.malformed(path, "metadata key \(key) appears twice")
            }
        }
        self.metadata = metadata
        alignment = try Self.alignment(metadata["general.alignment"], path: path)

        guard tensorCount <= reader.remaining / Self.minimumTensorInfoBytes else {
            throw ModelError.truncated(path, "the tensor count is \(tensorCount) but only \(reader.remaining) bytes follow the metadata")
        }
        var infos: [(name: String, dims: [Int], type: TensorType, offset: Int)] = []
        infos.reserveCapacity(tensorCount)
        for _ in 0..<tensorCount {
            let name = try Self.readString(&reader, "a tensor name")
            let rank = try reader.read(UInt32.self, "the rank of \(name)")
            guard (1...UInt32(Self.maximumRank)).contains(rank) else {
                throw ModelError.malformed(path, "tensor \(name) has \(rank) dimensions; GGUF allows 1 to \(Self.maximumRank)")
            }
            var dims: [Int] = []
            for _ in 0..<rank {
                let dimension = try reader.read(UInt64.self, "a dimension of \(name)")
                guard let value = Int(exactly: dimension) else {
                    throw ModelError.malformed(path, "tensor \(name) has a dimension of \(dimension), more elements than fit in memory")
                }
                dims.append(value)
            }
            let rawType = try reader.read(UInt32.self, "the type of \(name)")
            guard let type = TensorType(rawValue: Int(rawType)) else {
                throw ModelError("\(path): tensor \(name) has GGML type \(rawType), which Quarry does not support (F32, F16, BF16, Q4_0, Q4_1, Q8_0)")
            }
            let offset = try reader.read(UInt64.self, "the data offset of \(name)")
            guard offset <= UInt64(file.bytes.count) else {
                throw ModelError.truncated(path, "tensor \(name) starts at data offset \(offset), past the end of the \(file.bytes.count)-byte file")
            }
            infos.append((name, dims, type, Int(offset)))
        }
        let padding = (alignment - reader.offset % alignment) % alignment
        let dataStart = reader.offset + padding
        guard infos.isEmpty || dataStart <= file.bytes.count else {
            throw ModelError.truncated(path, "the tensor data would start at byte \(dataStart), past the end at \(file.bytes.count)")
        }
        let dataBytes = file.bytes.count - dataStart
        var tensors: [String: TensorInfo] = [:]
        for info in infos {
            let tensor = try Self.check(info, dataStart: dataStart, dataBytes: dataBytes, alignment: alignment, path: path)
            guard tensors.updateValue(tensor, forKey: info.name) == nil else {
                throw ModelError.malformed(path, "tensor name \(info.name) appears twice in the directory")
            }
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
            if let out = buffer.baseAddress { Dequantize.decode(source, type: info.type, count: info.elementCount, into: out) }
            count = info.elementCount
        }
    }

    /// Tensor `name` decoded to Float32, which must hold exactly `count` elements (the
    /// size the model's metadata implies); throws a `ModelError` naming both sizes.
    public func floats(_ name: String, count: Int) throws -> [Float] {
        let info = try tensor(name)
        guard info.elementCount == count else {
            throw ModelError("\(path): tensor \(name) has \(info.elementCount) elements but the metadata implies \(count)")
        }
        return try floats(name)
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

    /// `general.alignment`, or 32 when absent: a power of two no larger than 1 GiB.
    private static func alignment(_ value: GGUFValue?, path: String) throws -> Int {
        guard let value else { return 32 }
        guard let alignment = value.int, alignment > 0, alignment <= 1 << 30, alignment & (alignment - 1) == 0 else {
            throw ModelError.malformed(path, "general.alignment is \(value), not a power of two up to 2^30")
        }
        return alignment
    }

    /// One directory entry checked against the data section: dimensions whose product
    /// fits, rows of whole blocks, an aligned offset and a byte range inside the file.
    private static func check(
        _ info: (name: String, dims: [Int], type: TensorType, offset: Int),
        dataStart: Int, dataBytes: Int, alignment: Int, path: String
    ) throws -> TensorInfo {
        let name = info.name
        guard let count = ElementCount.of(info.dims) else {
            throw ModelError.malformed(path, "tensor \(name) has dimensions \(info.dims), more elements than fit in memory")
        }
        guard info.dims[0] % info.type.blockSize == 0 else {
            throw ModelError.malformed(path, "tensor \(name) has rows of \(info.dims[0]) elements, not whole \(info.type) blocks of \(info.type.blockSize)")
        }
        guard let bytes = info.type.byteCount(elements: count) else {
            throw ModelError.malformed(path, "tensor \(name) has dimensions \(info.dims), more bytes than fit in memory")
        }
        guard info.offset % alignment == 0 else {
            throw ModelError.malformed(path, "tensor \(name) has data offset \(info.offset), not a multiple of the alignment \(alignment)")
        }
        guard info.offset <= dataBytes, bytes <= dataBytes - info.offset else {
            throw ModelError.truncated(path, "tensor \(name) needs bytes \(info.offset)..<\(info.offset)+\(bytes) of the data section, which has \(dataBytes)")
        }
        return TensorInfo(name: name, dimensions: info.dims, type: info.type, fileOffset: dataStart + info.offset,
                          elementCount: count, byteCount: bytes)
    }

    private static func readString(_ reader: inout ByteReader, _ what: String) throws -> String {
        let length = try reader.readCount("the length of \(what)")
        return String(decoding: try reader.readBytes(length, what), as: UTF8.self)
    }

    /// Fewest bytes one array element of GGUF value type `type` takes; nil for unknown types.
    private static func minimumBytes(ofType type: UInt32) -> Int? {
        switch type {
        case 0, 1, 7: 1
        case 2, 3: 2
        case 4, 5, 6: 4
        case 8, 10, 11, 12: 8
        case 9: 12
        default: nil
        }
    }

    private static func readValue(_ reader: inout ByteReader, type: UInt32, key: String, depth: Int) throws -> GGUFValue {
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
            guard depth < maximumArrayNesting else {
                throw ModelError.malformed(reader.path, "\(what) nests arrays deeper than \(maximumArrayNesting) levels")
            }
            let elementType = try reader.read(UInt32.self, "the element type of \(what)")
            guard let elementBytes = minimumBytes(ofType: elementType) else {
                throw ModelError.malformed(reader.path, "\(what) is an array of unknown value type \(elementType)")
            }
            let count = try reader.readCount("the length of \(what)", minimumBytes: elementBytes)
            guard count <= maximumArrayLength else {
                throw ModelError.malformed(reader.path, "\(what) has \(count) elements, more than the \(maximumArrayLength) Quarry reads")
            }
            var values: [GGUFValue] = []
            // Grown as elements are read, so memory follows the bytes actually present.
            values.reserveCapacity(min(count, 1 << 16))
            for _ in 0..<count { values.append(try readValue(&reader, type: elementType, key: key, depth: depth + 1)) }
            return .array(values)
        case 10: return .uint64(try reader.read(UInt64.self, what))
        case 11: return .int64(try reader.read(Int64.self, what))
        case 12: return .float64(try reader.readDouble(what))
        default: throw ModelError.malformed(reader.path, "\(what) has unknown value type \(type)")
        }
    }
}
