import Foundation
import HummingbirdTesting

/// Holds one response to the OpenAPI document the server publishes: its status and
/// content type are listed for the route, and its body — each event, for a stream —
/// validates against the schema listed there.
struct ContractCheck {
    let validator: OpenAPISchemaValidator

    init(document: JSONValue) {
        validator = OpenAPISchemaValidator(document: document)
    }

    /// Every way `response` to `method path` (`path` as the document spells it, with
    /// `{id}`) departs from the document.
    func problems(_ response: TestResponse, _ method: String, _ path: String) -> [String] {
        let route = "\(method.uppercased()) \(path) \(response.status.code)"
        guard let operation = validator.document["paths"]?[path]?[method] else { return ["\(route): no such operation"] }
        guard var documented = operation["responses"]?[String(response.status.code)] else {
            return ["\(route): status not documented"]
        }
        if let reference = documented["$ref"]?.string, let target = validator.resolve(reference) { documented = target }
        let body = Data(response.body.readableBytesView)
        guard let contentType = response.headers[.contentType] else {
            return body.isEmpty && documented["content"] == nil ? [] : ["\(route): a body without a content type"]
        }
        let mediaType = contentType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces)
        guard let schema = documented["content"]?[mediaType]?["schema"] else {
            return ["\(route): \(mediaType) not documented"]
        }
        switch mediaType {
        case "application/json":
            return validate(body, schema, "\(route) body")
        case "text/event-stream":
            return Self.events(in: String(decoding: body, as: UTF8.self)).flatMap { event -> [String] in
                guard event.data != "[DONE]" else { return [] }
                guard let eventSchema = schema["x-quarry-events"]?[event.name] else {
                    return ["\(route): event `\(event.name)` not documented"]
                }
                return validate(Data(event.data.utf8), eventSchema, "\(route) event \(event.name)")
            }
        default:
            return []
        }
    }

    private func validate(_ data: Data, _ schema: JSONValue, _ label: String) -> [String] {
        guard let value = try? JSONValue(parsing: data) else { return ["\(label): not JSON"] }
        return validator.problems(value, schema).map { "\(label): \($0)" }
    }

    /// Server-sent events: blocks separated by a blank line, `event:` naming one
    /// (`message` when absent) and `data:` lines joined by newlines.
    static func events(in stream: String) -> [(name: String, data: String)] {
        stream.components(separatedBy: "\n\n").compactMap { block -> (name: String, data: String)? in
            var name = "message", data: [String] = []
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            return data.isEmpty ? nil : (name: name, data: data.joined(separator: "\n"))
        }
    }
}
