import DenseIndex
import Foundation
import Testing

@Suite struct NPYReaderTests {
    /// Writes a version-1 .npy file as NumPy does: magic, header padded to 64 bytes, data.
    func write(header: String, floats: [Float], to url: URL) throws {
        var text = header
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data.append(contentsOf: [UInt8(text.utf8.count & 0xFF), UInt8(text.utf8.count >> 8)])
        data.append(contentsOf: Array(text.utf8))
        for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: url)
    }

    func temporaryURL() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("quarry-npy-\(UUID().uuidString).npy")
    }

    @Test func readsFloat32Matrix() throws {
        let url = temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        try write(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", floats: [1, 2, 3, 4, 5, 6.5], to: url)
        let matrix = try NPYReader.read(url)
        #expect(matrix.count == 3)
        #expect(matrix.dimension == 2)
        #expect(matrix[2] == [5, 6.5])
    }

    /// Fortran order (column-major, as GloVe's wheel stores it) comes back row-major.
    @Test func transposesFortranOrder() throws {
        let url = temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        try write(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }", floats: [1, 3, 5, 2, 4, 6], to: url)
        let matrix = try NPYReader.read(url)
        #expect(matrix.values == [1, 2, 3, 4, 5, 6])
    }

    @Test(arguments: [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }",
        "{'descr': '>f4', 'fortran_order': False, 'shape': (3, 2), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2), }",
    ])
    func rejectsWhatItCannotRead(header: String) throws {
        let url = temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        try write(header: header, floats: [1, 2, 3, 4, 5, 6], to: url)
        do {
            _ = try NPYReader.read(url)
            Issue.record("read \(header)")
        } catch {
            #expect("\(error)".contains(url.path))
        }
    }
}
