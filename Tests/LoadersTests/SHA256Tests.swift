import Foundation
import Loaders
import Testing

/// The SHA-256 implementation against digests printed by `sha256sum`.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(_ input: String, _ digest: String) {
        #expect(SHA256.hexDigest(of: Array(input.utf8)) == digest)
    }

    @Test func millionAsAcrossBlockBoundaries() {
        // printf 'a%.0s' $(seq 1000000) | sha256sum
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000)) == expected)
        var hasher = SHA256()
        for size in [1, 63, 64, 65, 127, 999_680] {  // uneven pieces, 1,000,000 bytes in all
            hasher.update([UInt8](repeating: 0x61, count: size))
        }
        #expect(hasher.finalize().map { String(format: "%02x", $0) }.joined() == expected)
    }

    @Test func fixtureFileMatchesSha256sum() throws {
        let source = try DocumentLoader().load(Fixtures.url("sql-droptable.html"))
        #expect(source.sha256 == "89dc8e917eef2f9d841fc789483283b331eb0c14598c3689bc144de4fcdbfbee")
        #expect(source.byteCount == 5452)
    }
}
