import Foundation
import Models
import Testing

/// Small GGUF and safetensors files written by the tests themselves.
@Suite("GGUF and safetensors readers on hand-made files")
struct WeightFileTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("quarry-\(UUID().uuidString)-\(name)").path
    }

    /// A GGUF v3 file with one metadata entry of every type and four tensors.
    static func makeGGUF() -> (data: Data, q8Values: [Float]) {
        var d = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func string(_ s: String) { u64(UInt64(s.utf8.count)); d.append(contentsOf: Array(s.utf8)) }
        func half(_ f: Float) { withUnsafeBytes(of: Float16(f).bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("GGUF".utf8))
        u32(3); u64(4); u64(13)
        string("u8"); u32(0); d.append(200)
        string("i8"); u32(1); d.append(UInt8(bitPattern: -3))
        string("u16"); u32(2); d.append(contentsOf: [0x34, 0x12])
        string("i16"); u32(3); d.append(contentsOf: [0xFE, 0xFF])
        string("u32"); u32(4); u32(70000)
        string("i32"); u32(5); u32(UInt32(bitPattern: -70000))
        string("f32"); u32(6); u32(Float(1.5).bitPattern)
        string("bool"); u32(7); d.append(1)
        string("name"); u32(8); string("tiny")
        string("list"); u32(9); u32(8); u64(2); string("a"); string("bc")
        string("u64"); u32(10); u64(1 << 40)
        string("i64"); u32(11); u64(UInt64(bitPattern: -5))
        string("f64"); u32(12); u64(Double(2.25).bitPattern)
        // Tensor directory: offsets relative to the aligned data start.
        string("f32"); u32(1); u64(2); u32(0); u64(0)
        string("f16"); u32(1); u64(2); u32(1); u64(32)
        string("q8"); u32(2); u64(32); u64(1); u32(8); u64(64)
        string("q41"); u32(1); u64(32); u32(3); u64(128)
        while d.count % 32 != 0 { d.append(0) }
        let dataStart = d.count
        func pad(to offset: Int) { while d.count < dataStart + offset { d.append(0) } }
        u32(Float(1).bitPattern); u32(Float(-2).bitPattern)
        pad(to: 32); half(0.5); half(-4)
        pad(to: 64); half(0.25)
        var q8: [Float] = []
        for j in 0..<32 { let q = Int8(j - 16); d.append(UInt8(bitPattern: q)); q8.append(Float(q) * 0.25) }
        pad(to: 128); half(2); half(-1)
        for j in 0..<16 { d.append(UInt8(j) | UInt8(15 - j) << 4) }
        return (d, q8)
    }

    @Test("GGUF metadata of every type, tensor shapes and dequantisation")
    func ggufRoundTrip() throws {
        let (data, q8) = Self.makeGGUF()
        let path = Self.temporaryPath("tiny.gguf")
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try GGUFFile(path: path)
        #expect(file.version == 3)
        #expect(file.metadata["u8"]?.int == 200)
        #expect(file.metadata["i8"]?.int == -3)
        #expect(file.metadata["u16"]?.int == 0x1234)
        #expect(file.metadata["i16"]?.int == -2)
        #expect(file.metadata["u32"]?.int == 70000)
        #expect(file.metadata["i32"]?.int == -70000)
        #expect(file.metadata["f32"]?.double == 1.5)
        #expect(file.metadata["bool"]?.bool == true)
        #expect(file.metadata["name"]?.string == "tiny")
        #expect(try file.strings("list") == ["a", "bc"])
        #expect(file.metadata["u64"]?.int == 1 << 40)
        #expect(file.metadata["i64"]?.int == -5)
        #expect(file.metadata["f64"]?.double == 2.25)
        #expect(try file.floats("f32") == [1, -2])
        #expect(try file.floats("f16") == [0.5, -4])
        #expect(try file.floats("q8") == q8)
        #expect(try file.tensor("q8").dimensions == [32, 1])
        let q41 = try file.floats("q41")
        #expect(q41[0] == 2 * 0 - 1)
        #expect(q41[16] == 2 * 15 - 1)
        #expect(q41[5] == 2 * 5 - 1)
        #expect(q41[21] == 2 * 10 - 1)
    }

    @Test("a truncated GGUF file is refused with a message naming it", arguments: [10, 60, 300])
    func ggufTruncated(keep: Int) throws {
        let data = Self.makeGGUF().data
        let path = Self.temporaryPath("cut.gguf")
        try data.prefix(keep).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ModelError.self) { try GGUFFile(path: path) }
        #expect(error.message.contains(path))
        #expect(error.message.contains("truncated"))
    }

    @Test("a file that is not GGUF is refused")
    func notGGUF() throws {
        let path = Self.temporaryPath("text.gguf")
        try Data("hello, this is not a model at all".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ModelError.self) { try GGUFFile(path: path) }
    }

    static func makeSafetensors() -> Data {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[1,2],"data_offsets":[8,12]},"c":{"dtype":"BF16","shape":[2],"data_offsets":[12,16]},"ids":{"dtype":"I64","shape":[1],"data_offsets":[16,24]},"__metadata__":{"format":"pt"}}"#
        var d = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { d.append(contentsOf: $0) }
        d.append(contentsOf: Array(header.utf8))
        for f: Float in [3, -0.5] { withUnsafeBytes(of: f.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        for f: Float16 in [1, 0.25] { withUnsafeBytes(of: f.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        for f: Float in [2, -8] { withUnsafeBytes(of: UInt16(f.bitPattern >> 16).littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: [UInt8](repeating: 0, count: 8))
        return d
    }

    @Test("safetensors F32, F16 and BF16 tensors decode; other dtypes fail only when read")
    func safetensors() throws {
        let path = Self.temporaryPath("tiny.safetensors")
        try Self.makeSafetensors().write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafetensorsFile(path: path)
        #expect(try file.floats("a") == [3, -0.5])
        #expect(try file.floats("b") == [1, 0.25])
        #expect(try file.floats("c") == [2, -8])
        #expect(file.tensors["b"]?.shape == [1, 2])
        let error = try #require(throws: ModelError.self) { try file.floats("ids") }
        #expect(error.message.contains("I64"))
    }

    @Test("a truncated safetensors file is refused with a message naming it")
    func safetensorsTruncated() throws {
        let path = Self.temporaryPath("cut.safetensors")
        try Self.makeSafetensors().dropLast(10).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ModelError.self) { try SafetensorsFile(path: path) }
        #expect(error.message.contains(path))
        #expect(error.message.contains("truncated"))
    }

    @Test("missing models name Deploy/fetch-models.sh")
    func missingModels() throws {
        let locator = ModelLocator(environment: ["QUARRY_MODELS": "/nonexistent/quarry-models"])
        #expect(locator.decoderFile.hasPrefix("/nonexistent/quarry-models/"))
        let error = try #require(throws: ModelError.self) { try locator.requireDecoderFile() }
        #expect(error.message.contains("Deploy/fetch-models.sh"))
        #expect(ModelLocator(environment: ["XDG_CACHE_HOME": "/x"]).cacheDirectory == "/x/quarry/models")
        #expect(ModelLocator(environment: ["HOME": "/home/u"]).cacheDirectory == "/home/u/.cache/quarry/models")
    }

    @Test("ChatML rendering adds the template's default system turn")
    func chatTemplate() throws {
        let template = ChatTemplate(source: "{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nBe brief<|im_end|>\n' }}{% endif %}")
        let text = try template.render([ChatMessage(role: "user", content: "Hi")])
        #expect(text == "<|im_start|>system\nBe brief<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
        #expect(throws: ModelError.self) { try ChatTemplate(source: "[INST] {{ x }}").render([]) }
    }
}
