import Models

/// Loads the decoder a command asks for: `--model PATH`, else the default from the model cache.
enum DecoderLoader {
    static func load(_ path: String?) throws -> LlamaDecoder {
        try LlamaDecoder(path: path ?? ModelLocator().requireDecoderFile())
    }
}
