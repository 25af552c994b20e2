import Hummingbird
import QuarryCore

/// Reads a GET request's query parameters, each bad or missing value a 400 that names
/// the parameter and what it must be.
struct QueryParameters {
    let request: Request

    /// The parameter `name`'s value; nil when absent.
    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// The parameter `name`, which must be present and non-empty.
    func require(_ name: String) throws -> String {
        guard let value = string(name), !value.isEmpty else {
            throw QuarryError(.invalidInput, "missing query parameter `\(name)`")
        }
        return value
    }

    /// The parameter `name` as a whole number in `range`; nil when absent.
    func int<T: FixedWidthInteger>(_ name: String, in range: ClosedRange<T>) throws -> T? {
        guard let text = string(name) else { return nil }
        guard let value = T(text), range.contains(value) else {
            throw QuarryError(
                .invalidInput,
                "query parameter `\(name)` must be a whole number from \(range.lowerBound) to \(range.upperBound), "
                    + "got `\(text.prefix(40))`"
            )
        }
        return value
    }
}
