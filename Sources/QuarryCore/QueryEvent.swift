/// What the query pipeline streams, in order: `retrieved`, `selected`, `context`, any
/// number of `text`, then `finished` with the whole result.
public enum QueryEvent: Sendable, Equatable {
    /// The chunks retrieval found.
    case retrieved(Retrieval)
    /// The chunks handed on, in context order, and their tokens.
    case selected([RetrievedChunk], tokens: Int)
    /// The passages handed to the generator (the selection, compressed if a compressor
    /// ran), in context order.
    case context([ContextPassage])
    /// The next piece of the answer.
    case text(String)
    /// The whole result, last.
    case finished(QueryResult)
}
