import Foundation
import Hummingbird

/// Decodes JSON request bodies with messages that name the field at fault.
enum RequestDecoding {
    /// Reads at most `context.maxUploadSize` bytes (413 beyond) and decodes `T`, turning
    /// decoding failures into 400 responses that say what to fix.
    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, context: some RequestContext
    ) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw HTTPError(.contentTooLarge, message: "request body is larger than \(context.maxUploadSize) bytes")
        }
        guard buffer.readableBytes > 0 else {
            throw HTTPError(.badRequest, message: "request body is empty; send a JSON object")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "missing field `\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)`"
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return field.isEmpty ? "request body must be a JSON object" : "field `\(field)` must be of type \(type)"
        case .valueNotFound(let type, let context):
            return "field `\(path(context.codingPath))` must be a \(type), not null"
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return field.isEmpty
                ? "request body is not valid JSON (\(context.debugDescription))"
                : "field `\(field)` is invalid: \(context.debugDescription)"
        @unknown default:
            return "request body could not be decoded"
        }
    }
}
