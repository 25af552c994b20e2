extension Duration {
    /// The duration in milliseconds, fractions kept: the one conversion of a `Duration`
    /// to a number, behind stage timings, metrics and rates.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// The duration in seconds (``milliseconds`` / 1000).
    public var seconds: Double { milliseconds / 1000 }
}
