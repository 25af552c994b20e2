import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An `Embedder` that calls an OpenAI-compatible `POST {baseURL}/embeddings` endpoint
/// (OpenAI, vLLM, llama.cpp's server, Ollama, or `quarry serve` itself).
///
/// Requests carry at most `batchSize` texts, time out after `timeout` seconds, and are
/// retried with exponential back-off on transport errors, 429 and 5xx responses.
/// Other failures throw `OpenAIEmbedderError` with the server's message.
public struct OpenAIEmbedder: Embedder {
    public let baseURL: URL
    public let model: String
    public let dimensions: Int
    public var modelName: String { model }
    private let apiKey: String?
    private let batchSize: Int
    private let timeout: TimeInterval
    private let retries: Int

    /// Connects to `baseURL` (for example `http://127.0.0.1:8080/v1`) and asks for one
    /// embedding to learn the model's width.
    public init(
        baseURL: URL, model: String, apiKey: String? = nil, batchSize: Int = 64, timeout: TimeInterval = 60,
        retries: Int = 3
    ) throws {
        let probe = try Self.request(["dimension probe"], to: baseURL, model: model, apiKey: apiKey, timeout: timeout, retries: retries)
        guard let width = probe.first?.count, width > 0 else {
            throw OpenAIEmbedderError(message: "\(baseURL.absoluteString)/embeddings returned an empty embedding for model \(model)")
        }
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.batchSize = max(1, batchSize)
        self.timeout = timeout
        self.retries = max(0, retries)
        dimensions = width
    }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            vectors += try Self.request(batch, to: baseURL, model: model, apiKey: apiKey, timeout: timeout, retries: retries)
        }
        return vectors
    }

    private struct RequestBody: Encodable {
        var model: String
        var input: [String]
    }

    private struct ResponseBody: Decodable {
        struct Item: Decodable {
            var index: Int
            var embedding: [Float]
        }
        var data: [Item]
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable { var message: String }
        var error: Detail
    }

    private static func request(
        _ texts: [String], to baseURL: URL, model: String, apiKey: String?, timeout: TimeInterval, retries: Int
    ) throws -> [[Float]] {
        var request = URLRequest(url: baseURL.appendingPathComponent("embeddings"), timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        request.httpBody = try JSONEncoder().encode(RequestBody(model: model, input: texts))
        var attempt = 0
        while true {
            let (data, status, transportError) = send(request)
            let retryable = transportError != nil || status == 429 || (500...599).contains(status)
            if retryable && attempt < retries {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.25 * Double(1 << attempt))
                continue
            }
            if let transportError {
                throw OpenAIEmbedderError(
                    message: "cannot reach \(request.url!.absoluteString): \(transportError.localizedDescription); check the base URL and that the server runs"
                )
            }
            guard status == 200 else {
                let detail = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error.message
                    ?? String(decoding: data.prefix(300), as: UTF8.self)
                throw OpenAIEmbedderError(message: "\(request.url!.absoluteString) answered \(status): \(detail)")
            }
            guard let body = try? JSONDecoder().decode(ResponseBody.self, from: data), body.data.count == texts.count else {
                throw OpenAIEmbedderError(
                    message: "\(request.url!.absoluteString) did not answer with one embedding per input (OpenAI format)"
                )
            }
            return body.data.sorted { $0.index < $1.index }.map(\.embedding)
        }
    }

    /// One blocking round trip: body, status (0 without a response) and transport error.
    private static func send(_ request: URLRequest) -> (Data, Int, (any Error)?) {
        let done = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0, error)
            done.signal()
        }.resume()
        done.wait()
        return box.get()
    }
}

/// A failure talking to an OpenAI-compatible embeddings server; the message says
/// which URL and what it answered.
public struct OpenAIEmbedderError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Carries a URLSession callback's results back to the waiting thread.
private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Data, Int, (any Error)?) = (Data(), 0, nil)

    func set(_ data: Data, _ status: Int, _ error: (any Error)?) {
        lock.lock()
        value = (data, status, error)
        lock.unlock()
    }

    func get() -> (Data, Int, (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
