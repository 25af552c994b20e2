import Foundation
import Testing

/// `quarry index` keeps to the folders it is given: a link out of them is reported with
/// the flag that lifts the rule, and `--follow-symlinks` lifts it.
@Suite("--follow-symlinks")
struct FollowSymlinksFlagTests {
    @Test func aLinkOutOfTheFolderNeedsTheFlag() throws {
        let quarry = try QuarryBinary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("Checkpoints flush dirty pages to disk.".utf8).write(to: directory.appendingPathComponent("docs/wal.txt"))
        try Data("root:x:0:0:root:/root:/bin/bash".utf8).write(to: directory.appendingPathComponent("passwd.txt"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("docs/passwd.txt").path,
                                                   withDestinationPath: "../passwd.txt")

        let plain = try quarry.run(["index", "docs", "--index", "i.quarry", "--json"], in: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.json?["indexed"] as? Int == 1)
        let failure = try #require((plain.json?["failed"] as? [[String: Any]])?.first)
        #expect((failure["path"] as? String)?.hasSuffix("docs/passwd.txt") == true)
        #expect((failure["error"] as? String)?.contains("Pass --follow-symlinks to index it") == true)

        let followed = try quarry.run(["index", "docs", "--index", "i.quarry", "--follow-symlinks", "--json"], in: directory)
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(followed.json?["indexed"] as? Int == 1)
        #expect((followed.json?["failed"] as? [Any])?.isEmpty == true)
    }
}
