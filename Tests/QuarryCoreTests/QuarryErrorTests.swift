import QuarryCore
import Testing

@Suite("QuarryError")
struct QuarryErrorTests {
    // The kind → HTTP status mapping is tested through real requests (ServerTests'
    // ErrorStatusTests) and the exit codes through the real binary (CLITests).

    @Test func moduleErrorsConvertAndUnknownOnesAreInternal() {
        struct Refused: QuarryErrorConvertible {
            var quarryError: QuarryError { QuarryError(.conflict, "built with another model") }
        }
        struct Unknown: Error {}
        #expect(QuarryError(Refused()).kind == .conflict)
        #expect(QuarryError(Unknown()).kind == .internal)
        #expect(QuarryError(QuarryError.invalidInput("x")) == QuarryError.invalidInput("x"))
    }

    @Test func parallelMapKeepsOrderAndRethrowsTheFirstFailure() throws {
        let squares = try ParallelWork.map(count: 1000, threads: 4) { $0 * $0 }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(throws: QuarryError.self) {
            try ParallelWork.map(count: 100, threads: 2) { i -> Int in
                if i == 37 { throw QuarryError.invalidInput("item 37") }
                return i
            }
        }
    }
}
