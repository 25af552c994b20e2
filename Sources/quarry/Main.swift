import ArgumentParser
import Foundation
import OpenAIHTTP
import QuarryCore

/// Entry point: runs the parsed command and maps failures onto the exit statuses of
/// the command-line contract (0 success, 1 user error, 2 internal error).
@main
enum Main {
    static func main() async {
        BLASStartup.configure()
        do {
            var command = try Quarry.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            // Closes the kept-alive connections to an OpenAI-compatible server, if any.
            await OpenAIConnections.shutdown()
        } catch let error as CleanExit {
            Quarry.exit(withError: error)
        } catch let error as ExitCode {
            Quarry.exit(withError: error)
        } catch {
            let code = Quarry.exitCode(for: error)
            if code == .success {
                Quarry.exit(withError: error)
            }
            // Argument-parser errors (bad flags, ValidationError) are the user's; every
            // other error goes through the one error model (QuarryError and module errors
            // keep their kind; anything unconverted is Quarry's own fault).
            guard code == .validationFailure else { fail(QuarryError(error)) }
            let message = Quarry.message(for: error)
            let text = message.isEmpty ? String(describing: error) : message
            FileHandle.standardError.write(Data("quarry: \(text)\n".utf8))
            exit(1)
        }
    }
}

/// Reports `error` on stderr and exits with the status its kind names (the one error
/// model: 1 for what the user can fix, 2 for Quarry's own faults).
private func fail(_ error: QuarryError) -> Never {
    let prefix = error.kind == .internal ? "quarry: internal error: " : "quarry: "
    FileHandle.standardError.write(Data((prefix + error.message + "\n").utf8))
    exit(error.kind.exitCode)
}

/// The root command; each subcommand lives in `Commands/`.
struct Quarry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Index documents into one SQLite file and answer questions with citations.",
        subcommands: [
            IndexCommand.self,
            StatusCommand.self,
            AskCommand.self,
            ServeCommand.self,
            ChunkCommand.self,
            EvalCommand.self,
            BenchCommand.self,
            EmbedCommand.self,
            LMCommand.self,
        ]
    )
}
