import Pipeline

/// The body of `POST /v1/query`.
public struct QueryRequest: Decodable, Sendable {
    /// The question to answer (required, at most `QueryPipeline.maxQuestionBytes` bytes).
    public var question: String
    /// How many chunks to retrieve (1–1000, default 10).
    public var topK: Int?
    /// The most context tokens handed to the generator (16–131072, default 1024).
    public var budget: Int?
    /// `bm25`, `dense` or `hybrid`; absent: the retriever the server opened the index with.
    public var retriever: RetrieverKind?
    /// `topk` (default) or another ``SelectorKind``.
    public var selector: SelectorKind?
    /// A compression rate (keep about 1/rate of the context's tokens, 1–20), `"off"` or
    /// `"auto"`; absent: `auto` (``CompressionPolicy``, by generator and context size).
    public var compression: CompressionRequest?
    /// `extractive` (default), `none` (retrieval and context only) or another ``GeneratorKind``.
    public var generator: GeneratorKind?
    /// Stream the answer as server-sent events instead of one JSON document.
    public var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case question, topK = "top_k", budget, retriever, selector, compression, generator, stream
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        question = try container.decode(String.self, forKey: .question)
        topK = try container.decodeWholeNumberIfPresent(forKey: .topK)
        budget = try container.decodeWholeNumberIfPresent(forKey: .budget)
        retriever = try Self.name(RetrieverKind.self, container, .retriever)
        selector = try Self.name(SelectorKind.self, container, .selector)
        compression = try Self.compression(container)
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

    /// The stages this request asks for, `defaults` where it names none.
    func stages(defaults: StageChoice) -> StageChoice {
        StageChoice(
            selector: selector ?? defaults.selector,
            compression: compression ?? defaults.compression,
            generator: generator ?? defaults.generator,
            retriever: retriever ?? defaults.retriever
        )
    }

    /// The pipeline options this request asks for.
    var options: QueryOptions {
        let defaults = QueryOptions()
        return QueryOptions(topK: topK ?? defaults.topK, budget: budget ?? defaults.budget)
    }
}
