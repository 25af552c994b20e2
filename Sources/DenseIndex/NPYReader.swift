import Foundation

/// Reads a NumPy `.npy` file holding a 2-D little-endian float32 array (format
/// versions 1–3, C or Fortran order) into a row-major `VectorMatrix`, e.g. benchmark
/// vectors shipped in a wheel (GloVe's is in Fortran order).
public enum NPYReader {
    /// The rows of the array in `url`; throws `DenseIndexError.invalidNumpyFile` naming
    /// the file and what is wrong (magic, header, dtype, order, shape, size).
    public static func read(_ url: URL) throws -> VectorMatrix {
        let path = url.path
        func fail(_ reason: String) -> DenseIndexError { .invalidNumpyFile(path: path, reason: reason) }
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw fail("cannot be read (\(error.localizedDescription))")
        }
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard data.count >= 10, Array(data.prefix(6)) == magic else { throw fail("does not start with the .npy magic") }
        let major = data[data.startIndex + 6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1 ... 3).contains(major), data.count >= 8 + lengthBytes else { throw fail("format version \(major) is not 1, 2 or 3") }
        let headerLength = data[(data.startIndex + 8) ..< (data.startIndex + 8 + lengthBytes)].reversed().reduce(0) { $0 << 8 | Int($1) }
        let headerStart = 8 + lengthBytes
        guard data.count >= headerStart + headerLength,
              let header = String(data: data[(data.startIndex + headerStart) ..< (data.startIndex + headerStart + headerLength)], encoding: .utf8)
        else { throw fail("header is truncated or not text") }
        guard header.contains("'descr': '<f4'") else { throw fail("dtype is not little-endian float32 ('<f4'): \(header)") }
        let fortranOrder = header.contains("'fortran_order': True")
        guard fortranOrder || header.contains("'fortran_order': False") else { throw fail("header has no fortran_order") }
        guard let shapeStart = header.range(of: "'shape': ("), let shapeEnd = header[shapeStart.upperBound...].firstIndex(of: ")") else {
            throw fail("header has no shape")
        }
        let shape = header[shapeStart.upperBound ..< shapeEnd].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard shape.count == 2, shape[0] >= 0, shape[1] > 0 else { throw fail("shape \(shape) is not 2-D (rows, dimension)") }
        let bodyStart = headerStart + headerLength
        let floats = shape[0] * shape[1]
        guard data.count - bodyStart == floats * 4 else {
            throw fail("holds \(data.count - bodyStart) data bytes, shape \(shape) needs \(floats * 4)")
        }
        var values = [Float](repeating: 0, count: floats)
        values.withUnsafeMutableBytes { out in
            data.copyBytes(to: out.bindMemory(to: UInt8.self), from: (data.startIndex + bodyStart) ..< data.endIndex)
        }
        if UInt32(1).littleEndian != 1 {
            for i in values.indices { values[i] = Float(bitPattern: values[i].bitPattern.byteSwapped) }
        }
        if fortranOrder {
            let (rows, columns) = (shape[0], shape[1])
            let columnMajor = values
            for row in 0 ..< rows {
                for column in 0 ..< columns { values[row * columns + column] = columnMajor[column * rows + row] }
            }
        }
        return VectorMatrix(unchecked: values, dimension: shape[1])
    }
}
