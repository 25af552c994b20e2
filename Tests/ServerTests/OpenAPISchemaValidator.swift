/// Validates JSON values against the schemas of one OpenAPI 3.0 document: `$ref`,
/// `type`, `nullable`, `enum`, `oneOf`, `properties`, `required`, `additionalProperties`
/// and `items` — the parts of the language Quarry's document uses (a schema using
/// another keyword is reported, so the check cannot silently pass over it).
struct OpenAPISchemaValidator {
    let document: JSONValue

    static let understood: Set<String> = [
        "$ref", "type", "nullable", "enum", "oneOf", "properties", "required", "additionalProperties", "items",
        "description", "format", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern",
        "x-quarry-events",
    ]

    /// Every way `value` breaks `schema`, each as `path: what`; empty when it conforms.
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let keywords) = schema else { return ["\(path): the schema is not an object"] }
        if let reference = keywords["$ref"]?.string {
            guard let target = resolve(reference) else { return ["\(path): unknown $ref \(reference)"] }
            return problems(value, target, at: path)
        }
        if let unknown = keywords.keys.first(where: { !Self.understood.contains($0) }) {
            return ["\(path): the validator does not understand `\(unknown)`"]
        }
        if value == .null {
            return keywords["nullable"] == .bool(true) ? [] : ["\(path): null where the schema allows none"]
        }
        if case .array(let allowed)? = keywords["enum"], !allowed.contains(value) {
            return ["\(path): \(value) is not one of \(allowed)"]
        }
        if case .array(let choices)? = keywords["oneOf"] {
            let matching = choices.filter { problems(value, $0, at: path).isEmpty }.count
            return matching == 1 ? [] : ["\(path): matches \(matching) of oneOf's \(choices.count) schemas, not 1"]
        }
        return typeProblems(value, keywords, at: path)
    }

    private func typeProblems(_ value: JSONValue, _ keywords: [String: JSONValue], at path: String) -> [String] {
        switch (keywords["type"]?.string, value) {
        case (nil, _), ("string", .string), ("boolean", .bool), ("integer", .integer), ("number", .integer),
             ("number", .number):
            return []
        case ("array", .array(let items)):
            guard let itemSchema = keywords["items"] else { return [] }
            return items.enumerated().flatMap { problems($1, itemSchema, at: "\(path)[\($0)]") }
        case ("object", .object(let members)):
            return objectProblems(members, keywords, at: path)
        case (let type?, _):
            return ["\(path): \(value) is not of type \(type)"]
        }
    }

    private func objectProblems(_ members: [String: JSONValue], _ keywords: [String: JSONValue], at path: String)
        -> [String]
    {
        var found: [String] = []
        if case .array(let required)? = keywords["required"] {
            for case .string(let name) in required where members[name] == nil {
                found.append("\(path): lacks required `\(name)`")
            }
        }
        let properties: [String: JSONValue] = if case .object(let listed)? = keywords["properties"] { listed } else { [:] }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let schema = properties[name] {
                found += problems(member, schema, at: "\(path).\(name)")
            } else if keywords["additionalProperties"] == .bool(false) {
                found.append("\(path): `\(name)` is not in the schema")
            } else if let extra = keywords["additionalProperties"], extra != .bool(true) {
                found += problems(member, extra, at: "\(path).\(name)")
            }
        }
        return found
    }

    /// `#/components/schemas/Name` and other local pointers into the document.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        return reference.dropFirst(2).split(separator: "/").reduce(Optional(document)) { $0?[String($1)] }
    }
}
