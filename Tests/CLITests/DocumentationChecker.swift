import Foundation

/// Checks what Markdown documentation says about the command line against the real
/// binary's `--help`: every `quarry` command it names exists, every `--flag` it names is
/// taken by that command (or, in prose, by some command), and every default it states
/// next to a flag — `` `--budget` (1024) `` or a table's `default` column — is the one
/// the help states.
struct DocumentationChecker {
    let catalog: HelpCatalog

    /// Programs whose flags are not Quarry's (`swift build -c release --show-bin-path`).
    static let foreignCommands: Set<String> = [
        "swift", "curl", "python", "python3", "pip", "st", "git", "time", "/usr/bin/time", "env", "sudo",
    ]

    /// One problem per line: `FILE:LINE: what is wrong`.
    func problems(in text: String, file: String) -> [String] {
        var problems: [String] = []
        for unit in MarkdownUnits(text).units {
            let report = { (message: String) in problems.append("\(file):\(unit.line): \(message)") }
            let context = unit.cells.flatMap { commandContext(of: $0, header: unit.header) }
            let segments = unit.isCode ? [unit.text] : unit.text.matches(of: #/`([^`]+)`/#).map { String($0.1) }
            for segment in segments {
                checkFlags(in: segment, context: context, report: report)
            }
            checkStatedDefaults(unit, context: context, report: report)
        }
        return problems
    }

    /// The commands a row of a table headed `command` is about (`` `eval qa DIR` ``).
    private func commandContext(of cells: [String], header: [String]?) -> [[String]]? {
        guard let header, header.first?.lowercased().hasPrefix("command") == true, let first = cells.first else {
            return nil
        }
        let paths = first.matches(of: #/`([^`]+)`/#).compactMap { span in
            catalog.command(startingWith: span.1.split(separator: " ").map(String.init))?.path
        }
        return paths.isEmpty ? nil : paths
    }

    private enum Scope {
        case anyCommand
        case commands([[String]])
        case foreign
    }

    /// Walks `segment`'s words: `quarry a b` opens that command's scope, a foreign program
    /// one whose flags are not checked, and each `--flag` must exist in the open scope.
    private func checkFlags(in segment: String, context: [[String]]?, report: (String) -> Void) {
        let separators = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "()[]`"))
        let words = segment.replacingOccurrences(of: "$(", with: " ").components(separatedBy: separators)
            .filter { !$0.isEmpty }
        var scope: Scope = context.map { .commands($0) } ?? .anyCommand
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "#" { break }
            if word == "quarry" || word == "$quarry" || word.hasSuffix("/quarry") {
                let names = words[index...].prefix { $0.wholeMatch(of: #/[a-z][a-z0-9-]*/#) != nil }
                if let found = catalog.command(startingWith: Array(names)) {
                    scope = .commands([found.path])
                    index += found.length
                } else if let first = names.first {
                    report("`quarry \(first)` is no command")
                    scope = .foreign
                } else {
                    scope = .anyCommand
                }
            } else if Self.foreignCommands.contains(word) || word.hasPrefix("Deploy/") || word.hasPrefix("Benchmarks/") {
                scope = .foreign
            } else if let flag = Self.flag(in: word) {
                check(flag, in: scope, report: report)
            }
        }
    }

    private func check(_ flag: String, in scope: Scope, report: (String) -> Void) {
        switch scope {
        case .foreign:
            return
        case .anyCommand:
            if catalog.defaults(of: flag).isEmpty { report("no quarry command takes \(flag)") }
        case .commands(let paths):
            for path in paths where catalog.commands[path]?[flag] == nil {
                report("`quarry \(path.joined(separator: " "))` takes no \(flag)")
            }
        }
    }

    /// `--name` from a word such as `--name`, `--name=3` or `--name,`.
    static func flag(in word: String) -> String? {
        word.prefixMatch(of: #/--[a-z][a-z0-9-]*/#).map { String($0.output) }
    }

    /// Defaults stated as `` `--flag …` (value) `` anywhere, and in tables with a `flag`
    /// and a `default` column.
    private func checkStatedDefaults(_ unit: MarkdownUnits.Unit, context: [[String]]?, report: (String) -> Void) {
        guard !unit.isCode else { return }
        var claims: [(flag: String, stated: String)] = unit.text.matches(of: #/`(--[a-z][a-z0-9-]*)[^`]*` \(([^)]+)\)/#)
            .map { (flag: String($0.1), stated: String($0.2)) }
        if let header = unit.header, let cells = unit.cells,
           let flagColumn = header.firstIndex(of: "flag"), let defaultColumn = header.firstIndex(of: "default"),
           flagColumn < cells.count, defaultColumn < cells.count {
            let flags = cells[flagColumn].matches(of: #/`(--[a-z][a-z0-9-]*)/#).map { String($0.1) }
            let values = cells[defaultColumn].components(separatedBy: ", ")
            if flags.count == values.count { claims += zip(flags, values).map { (flag: $0, stated: $1) } }
        }
        for claim in claims {
            let known = context.map { paths in paths.compactMap { catalog.commands[$0]?[claim.flag] } }
                ?? catalog.defaults(of: claim.flag)
            let defaults = known.compactMap { $0 }
            guard !defaults.isEmpty else { continue }
            let agrees = context == nil
                ? defaults.contains { Self.agrees(claim.stated, $0) }
                : defaults.allSatisfy { Self.agrees(claim.stated, $0) }
            if !agrees {
                report("\(claim.flag): the documentation says \(claim.stated), --help says \(defaults)")
            }
        }
    }

    /// Whether a stated default (its first word, after an optional `default`: `10 s`,
    /// `` `lexical` ``, `1,024 tokens`) is the help's (`10`, `lexical`, `1024.0`, or the last
    /// word of `CORS off`). A dash states nothing.
    static func agrees(_ stated: String, _ help: String) -> Bool {
        let words = stated.replacingOccurrences(of: "`", with: "").split(separator: " ")
        let first = words.drop { $0 == "default" || $0 == "default:" }.first
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ",;.")) } ?? ""
        if first.isEmpty || first == "—" || first == "-" { return true }
        let helpValue = help.replacingOccurrences(of: "`", with: "").trimmingCharacters(in: .whitespaces)
        if let stated = Double(first.replacingOccurrences(of: ",", with: "")), let given = Double(helpValue) {
            return stated == given
        }
        return first == helpValue || helpValue.split(separator: " ").last.map(String.init) == first
    }
}
