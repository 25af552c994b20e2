import ArgumentParser
import Foundation

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
        } catch let error as InternalError {
            FileHandle.standardError.write(Data("quarry: internal error: \(error.message)\n".utf8))
            exit(2)
        } catch let error as CleanExit {
            Quarry.exit(withError: error)
        } catch let error as ExitCode {
            Quarry.exit(withError: error)
        } catch {
            let code = Quarry.exitCode(for: error)
            if code == .success {
                Quarry.exit(withError: error)
            }
            let message = Quarry.message(for: error)
            let text = message.isEmpty ? String(describing: error) : message
            FileHandle.standardError.write(Data("quarry: \(text)\n".utf8))
            exit(1)
        }
    }
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
