/// Where a front end (the server, the REPL) gets the pipeline for each question's
/// stage choice. ``PipelineFactory`` is the real one; a test can hand out a fixed
/// pipeline with its own stages.
public protocol QueryPipelineSource: Sendable {
    /// The index the pipelines read.
    var index: QuarryIndex { get }
    /// The pipeline for `choice`.
    func pipeline(_ choice: StageChoice) throws -> QueryPipeline
}
