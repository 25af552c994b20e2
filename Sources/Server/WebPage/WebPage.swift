import Hummingbird

/// The web page `quarry serve` answers `GET /` with (unless started with `--no-ui`): a
/// question box whose answer streams in from `/v1/query`, citations that open the cited
/// passage (`/v1/passage`), and the document list with upload and delete
/// (`/v1/documents`). Its HTML, CSS and script are compiled into the binary (SwiftPM's
/// `embedInCode` resources under `Assets/`) and served from here alone; the
/// Content-Security-Policy lets the page load nothing else and run no inline code.
///
/// The three routes hold no index data, so they are open without the bearer token (a
/// browser cannot send one when it navigates); every request the page makes for data
/// goes through the same token check as any other client's.
enum WebPage {
    /// The page's paths, open without a token (``RequestGuardMiddleware``).
    static let paths: Set<String> = ["/", stylePath, scriptPath]
    static let stylePath = "/ui/page.css"
    static let scriptPath = "/ui/page.js"

    /// Only this server's own script, style and API; no frames, no forms posted elsewhere.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

    /// Adds `GET /` and the page's stylesheet and script to `router`.
    static func register(on router: Router<QuarryRequestContext>) {
        router.get("/") { _, _ in response(PackageResources.index_html, type: "text/html; charset=utf-8") }
        router.get(RouterPath(stylePath)) { _, _ in
            response(PackageResources.page_css, type: "text/css; charset=utf-8")
        }
        router.get(RouterPath(scriptPath)) { _, _ in
            response(PackageResources.page_js, type: "text/javascript; charset=utf-8")
        }
    }

    private static func response(_ bytes: [UInt8], type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
