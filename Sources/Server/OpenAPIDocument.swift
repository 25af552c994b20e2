/// The OpenAPI 3.0 document of Quarry's HTTP API, served at `/openapi.json`: the file
/// `openapi.json` beside this one, compiled into the binary (SwiftPM's `embedInCode`), so
/// it is edited as JSON and the executable needs no resource bundle. Its response schemas
/// list every field (`additionalProperties: false`) and its streams name each event's
/// schema (`x-quarry-events`); `OpenAPIContractTests` validates every kind of response
/// the server sends against it, and `Deploy/schemathesis.sh` checks a running server.
enum OpenAPIDocument {
    static let json = String(decoding: PackageResources.openapi_json, as: UTF8.self)
}
