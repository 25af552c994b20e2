import Pipeline

/// The body of `POST /v1/query`.
public struct QueryRequest: Decodable, Sendable {
    /// The question to answer (required, at most `QueryPipeline.maxQuestionBytes` bytes).
    public var question: String
    /// How many chunks to retrieve (1–1000, default 10).
    public var topK: Int?
    /// The most context tokens handed to the generator (16–131072, default 1024).
    public var budget: Int?
    /// `topk` (default) or another ``SelectorKind``.
    public var selector: SelectorKind?
    /// A compression rate (keep about 1/rate of the context's tokens); none by default.
    public var compression: Double?
    /// `extractive` (default), `none` (retrieval and context only) or another ``GeneratorKind``.
    public var generator: GeneratorKind?
    /// Stream the answer as server-sent events instead of one JSON document.
    public var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case question, topK = "top_k", budget, selector, compression, generator, stream
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        question = try container.decode(String.self, forKey: .question)
        topK = try container.decodeWholeNumberIfPresent(forKey: .topK)
        budget = try container.decodeWholeNumberIfPresent(forKey: .budget)
        selector = try Self.name(SelectorKind.self, container, .selector)
        compression = try container.decodeIfPresent(Double.self, forKey: .compression)
        generator = try Self.name(GeneratorKind.self, container, .generator)
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream)
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

    /// The stages this request asks for, `defaults` where it names none.
    func stages(defaults: StageChoice) -> StageChoice {
        StageChoice(
            selector: selector ?? defaults.selector,
            compression: compression.map { .rate($0) } ?? defaults.compression,
            generator: generator ?? defaults.generator
        )
    }

    /// The pipeline options this request asks for.
    var options: QueryOptions {
        let defaults = QueryOptions()
        return QueryOptions(topK: topK ?? defaults.topK, budget: budget ?? defaults.budget)
    }
}
