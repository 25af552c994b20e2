import Foundation
import Logging

/// Writes each log record as one JSON object per line (`time`, `level`, `label`,
/// `message`, and the metadata — which carries Hummingbird's `hb.request.id` — with
/// nested dictionaries and arrays kept as JSON objects and arrays), for log collectors
/// that parse lines. One shared encoder and a value-type date style serve every line.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let output: @Sendable (Data) -> Void

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A handler for `label` writing to `output` (standard error by default).
    public init(label: String, output: @escaping @Sendable (Data) -> Void = { FileHandle.standardError.write($0) }) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.MetadataValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Field] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = Field(value)
        }
        fields["time"] = .string(Date().formatted(.iso8601))
        fields["level"] = .string(event.level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string(event.message.description)
        guard var line = try? Self.encoder.encode(fields) else { return }
        line.append(0x0A)
        output(line)
    }

    /// A metadata value as JSON: strings as strings, dictionaries and arrays as such.
    private enum Field: Encodable {
        case string(String)
        case array([Field])
        case object([String: Field])

        init(_ value: Logger.MetadataValue) {
            switch value {
            case .string(let text): self = .string(text)
            case .stringConvertible(let item): self = .string(item.description)
            case .array(let items): self = .array(items.map(Field.init))
            case .dictionary(let entries): self = .object(entries.mapValues(Field.init))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .array(let items): try container.encode(items)
            case .object(let entries): try container.encode(entries)
            }
        }
    }
}
