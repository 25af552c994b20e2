/// How firmly compression holds on to a unit, lowest first. Only `forced` never yields:
/// when the protected text would pass the budget, lower priorities are pruned first (by
/// score) instead of whole contexts going.
public enum ProtectionPriority: Int, Sendable, Comparable, CaseIterable {
    /// Ordinary text: kept by score alone.
    case none
    /// A capitalised word (a name).
    case capitalised
    /// A number or date (any word with a digit) with the unit word after it, or a code span.
    case literal
    /// A number or date in a sentence that holds one of the question's terms.
    case literalNearQuestion
    /// A sentence end or line break, so the kept text still reads as sentences.
    case boundary
    /// A word the question itself names.
    case questionTerm
    /// A string the caller forces: never dropped.
    case forced

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
