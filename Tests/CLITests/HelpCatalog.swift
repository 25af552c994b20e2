import Foundation

/// Every command of the built `quarry` with its options and their defaults, read from
/// the binary's own `--help` (so what it lists is what a user can type).
struct HelpCatalog {
    /// Options of one command: each long flag and the default its help states, if any.
    typealias Options = [String: String?]

    /// Command paths (`[]` for the root, `["eval", "qa"]`) and their options.
    private(set) var commands: [[String]: Options] = [:]

    init(quarry: QuarryBinary, in directory: URL) throws {
        try read([], quarry: quarry, in: directory)
    }

    /// Reads `quarry path… --help`, then each subcommand it lists.
    private mutating func read(_ path: [String], quarry: QuarryBinary, in directory: URL) throws {
        let help = try quarry.run(path + ["--help"], in: directory)
        guard help.status == 0 else { throw HelpFailed(path: path, stderr: help.stderr) }
        commands[path] = Self.options(in: help.stdout)
        for name in Self.subcommands(in: help.stdout) {
            try read(path + [name], quarry: quarry, in: directory)
        }
    }

    /// The longest prefix of `words` that names a command, and how many words it took.
    func command(startingWith words: [String]) -> (path: [String], length: Int)? {
        var found: (path: [String], length: Int)?
        for length in 1...max(1, words.count) where length <= words.count {
            let path = Array(words.prefix(length))
            if commands[path] != nil { found = (path, length) }
        }
        return found
    }

    /// The defaults `flag` has across every command that takes it (nil entries: no default).
    func defaults(of flag: String) -> [String?] {
        commands.values.compactMap { $0[flag] }
    }

    /// Names listed under `SUBCOMMANDS:` (`  index  Index…`, `  qa (default)  …`).
    static func subcommands(in help: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(":") && !line.hasPrefix(" ") {
                inSection = line == "SUBCOMMANDS:"
                continue
            }
            guard inSection, let match = line.firstMatch(of: #/^  ([a-z][a-z0-9-]*)(\s|$)/#) else { continue }
            names.append(String(match.1))
        }
        return names
    }

    /// Each option entry (`  --budget <budget>   The most … (default: 1024)`, continued on
    /// deeper-indented lines): its long flags and the default its help names, whether
    /// argument-parser wrote it (`(default: X)`) or the help text did (`(default X)`).
    static func options(in help: String) -> Options {
        var options: Options = [:]
        var entries: [(head: String, text: String)] = []
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.firstMatch(of: #/^  (-[a-zA-Z], )?--/#) != nil {
                // The flags end where the first line's description starts (two spaces), or with the line.
                let head = line.split(separator: "  ", omittingEmptySubsequences: true).first.map(String.init) ?? ""
                entries.append((head, String(line)))
            } else if line.hasPrefix("   "), !entries.isEmpty {
                entries[entries.count - 1].text += " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                entries.append(("", ""))
            }
        }
        for (head, entry) in entries where !head.isEmpty {
            let stated = entry.matches(of: #/\(default:? ([^)]*)\)/#).last.map { String($0.1) }
            for match in head.matches(of: #/--(\[no-\])?([a-z][a-z0-9-]*)/#) {
                options.updateValue(stated, forKey: "--" + match.2)
                if match.1 != nil { options.updateValue(nil, forKey: "--no-" + match.2) }
            }
        }
        return options
    }

    struct HelpFailed: Error, CustomStringConvertible {
        var path: [String]
        var stderr: String
        var description: String { "quarry \(path.joined(separator: " ")) --help failed: \(stderr)" }
    }
}
