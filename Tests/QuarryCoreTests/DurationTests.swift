import QuarryCore
import Testing

/// The one Duration → number conversion every timing goes through (stage timings,
/// metrics, scoring rates) keeps sub-millisecond fractions and whole seconds exact.
@Suite("Duration in milliseconds")
struct DurationTests {
    @Test func millisecondsKeepFractionsAndSecondsFollow() {
        #expect(Duration.milliseconds(1500).milliseconds == 1500)
        #expect(abs((Duration.seconds(2) + .nanoseconds(250)).milliseconds - 2000.00025) < 1e-9)
        #expect(Duration.seconds(3).seconds == 3)
        #expect(Duration.milliseconds(-5).milliseconds == -5)
        #expect(Duration.zero.milliseconds == 0)
    }
}
