import Pipeline

/// The request fields that choose stages, shared by `/v1/query` and chat completions:
/// `retriever`, `selector`, `compression` (a rate from 1 to 20, `"off"` or `"auto"`),
/// `compression_method` and `generator`. A request's ``StageChoice`` starts from the
/// server's defaults and overrides what the request names, so no field is dropped.
struct StageFields: Decodable, Sendable {
    var retriever: RetrieverKind?
    var selector: SelectorKind?
    var compression: CompressionRequest?
    var compressionMethod: CompressionMethod?
    var generator: GeneratorKind?

    enum CodingKeys: String, CodingKey {
        case retriever, selector, compression, compressionMethod = "compression_method", generator
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        retriever = try Self.name(RetrieverKind.self, container, .retriever)
        selector = try Self.name(SelectorKind.self, container, .selector)
        compression = try Self.compression(container)
        compressionMethod = try Self.name(CompressionMethod.self, container, .compressionMethod)
        generator = try Self.name(GeneratorKind.self, container, .generator)
    }

    /// `defaults` with what these fields name.
    func stages(over defaults: StageChoice) -> StageChoice {
        var stages = defaults
        if let retriever { stages.retriever = retriever }
        if let selector { stages.selector = selector }
        if let compression { stages.compression = compression }
        if let compressionMethod { stages.compressionMethod = compressionMethod }
        if let generator { stages.generator = generator }
        return stages
    }

    /// A string naming one of `Kind`'s cases; another string gets a message listing them.
    private static func name<Kind: RawRepresentable & CaseIterable>(
        _ kind: Kind.Type, _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
    ) throws -> Kind? where Kind.RawValue == String {
        guard let name = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = Kind(rawValue: name) else {
            let names = Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "must be one of \(names), got \"\(name)\""
            )
        }
        return value
    }

    /// The `compression` field: a rate from 1 to 20, `"off"` or `"auto"`; anything else
    /// gets a message saying so (400).
    private static func compression(_ container: KeyedDecodingContainer<CodingKeys>) throws -> CompressionRequest? {
        guard container.contains(.compression), try !container.decodeNil(forKey: .compression) else { return nil }
        func invalid(_ got: String) -> DecodingError {
            .dataCorruptedError(
                forKey: .compression, in: container,
                debugDescription: "must be a rate from 1 to 20 (e.g. 3), \"off\" or \"auto\"; \(got)"
            )
        }
        if let rate = try? container.decode(Double.self, forKey: .compression) {
            guard let request = try? CompressionRequest(rate: rate) else { throw invalid("got \(rate)") }
            return request
        }
        switch try? container.decode(String.self, forKey: .compression) {
        case "off": return .off
        case "auto": return .automatic
        case let name?: throw invalid("got \"\(name)\"")
        case nil: throw invalid("got neither a number nor a string")
        }
    }
}
