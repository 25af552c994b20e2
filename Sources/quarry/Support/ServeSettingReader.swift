import ArgumentParser
import Configuration
import Synchronization

/// `quarry serve`'s settings as swift-configuration resolves them: one `ConfigReader`
/// over the flags given (an in-memory provider), the environment (`QUARRY_` and the key
/// in capitals with `-` as `_`) and the JSON config file, in that order of precedence.
/// A value that does not parse as its type is an error that names the setting and where
/// it came from, not silently the default.
struct ServeSettingReader {
    private let reader: ConfigReader
    private let problems: ConfigProblems
    /// The environment alone: `QUARRY_AUTH_TOKEN` is read from nowhere else.
    let environment: ConfigReader

    /// - Parameters:
    ///   - flags: the values of the flags given, keyed by flag name.
    ///   - variables: the process environment.
    /// The config file is `--config` or `QUARRY_CONFIG`; it must be one JSON object keyed by flag names.
    init(flags: [String: ConfigContent], environment variables: [String: String]) async throws {
        let flagValues = flags.map { (AbsoluteConfigKey([$0.key]), ConfigValue($0.value, isSecret: false)) }
        let flagProvider = InMemoryProvider(name: "flags", values: Dictionary(uniqueKeysWithValues: flagValues))
        let environmentProvider = EnvironmentVariablesProvider(
            environmentVariables: variables, secretsSpecifier: .specific(["QUARRY_AUTH_TOKEN"])
        ).prefixKeys(with: "quarry")
        var providers: [any ConfigProvider] = [flagProvider, environmentProvider]
        var sources = ["flag", "environment"]
        if let path = ConfigReader(providers: providers).string(forKey: "config") {
            // FileProvider's init that takes its path from a reader, so no FilePath is spelled here.
            let value = ConfigValue(.string(path), isSecret: false)
            let location = ConfigReader(provider: InMemoryProvider(values: ["filePath": value]))
            do {
                providers.append(try await FileProvider<JSONSnapshot>(config: location))
            } catch {
                throw ValidationError(
                    "cannot read the config file \(path) (one JSON object keyed by flag names): \(error)"
                )
            }
            sources.append("config file \(path)")
        }
        problems = ConfigProblems(sources: sources)
        reader = ConfigReader(providers: providers, accessReporter: problems)
        environment = ConfigReader(provider: environmentProvider)
    }

    func string(_ name: String) throws -> String? {
        let value = reader.string(forKey: ConfigKey(name))
        try problems.check()
        return value
    }

    /// A comma-separated setting's items, trimmed, empty ones dropped; empty when unset.
    func list(_ name: String) throws -> [String] {
        try string(name).map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } ?? []
    }

    func bool(_ name: String) throws -> Bool? {
        let value = reader.bool(forKey: ConfigKey(name))
        try problems.check()
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        let value = reader.int(forKey: ConfigKey(name))
        try problems.check()
        return try value.map { try Self.checked($0, name: name, in: range) }
    }

    func double(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        let value = reader.double(forKey: ConfigKey(name))
        try problems.check()
        return try value.map { try Self.checked($0, name: name, in: range) }
    }

    /// A setting given in seconds (a JSON number or text like `2.5`), as a duration.
    func seconds(_ name: String, in range: ClosedRange<Double>) throws -> Duration? {
        try double(name, in: range).map { .milliseconds(Int64($0 * 1000)) }
    }

    private static func checked<T: Comparable>(_ value: T, name: String, in range: ClosedRange<T>) throws -> T {
        guard range.contains(value) else {
            throw ValidationError("\(name) must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }
}

/// Collects what swift-configuration's non-throwing reads swallow: a provider that holds
/// the key but cannot give it as the requested type (`QUARRY_PORT=eighty`, a string where
/// the config file needs a number).
private final class ConfigProblems: AccessReporter {
    /// What each provider is, in the reader's order.
    private let sources: [String]
    private let found = Mutex<[String]>([])

    init(sources: [String]) {
        self.sources = sources
    }

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        var messages: [String] = []
        for (index, provider) in event.providerResults.enumerated() {
            if case .failure(let error) = provider.result {
                let source = index < sources.count ? sources[index] : provider.providerName
                messages.append("setting `\(key)` from the \(source) is not \(Self.kind(event)): \(error)")
            }
        }
        if let error = event.conversionError {
            messages.append("setting `\(key)` is not \(Self.kind(event)): \(error)")
        }
        found.withLock { $0 += messages }
    }

    /// What the read asked for, in words.
    private static func kind(_ event: AccessEvent) -> String {
        switch event.metadata.valueType {
        case .int: "a whole number"
        case .double: "a number"
        case .bool: "true or false"
        case .string: "text"
        default: "a \(event.metadata.valueType.rawValue)"
        }
    }

    /// Throws the problems seen so far, if any.
    func check() throws {
        let messages = found.withLock { $0 }
        guard messages.isEmpty else { throw ValidationError(messages.joined(separator: "; ")) }
    }
}
