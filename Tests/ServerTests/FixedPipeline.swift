import Pipeline

/// Hands the server one pipeline whatever a request asks for, so a test can put its
/// own stages (a generator that never ends) behind the real routes.
struct FixedPipeline: QueryPipelineSource {
    let index: QuarryIndex
    let fixed: QueryPipeline

    func pipeline(_ choice: StageChoice) throws -> QueryPipeline { fixed }
}
