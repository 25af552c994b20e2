import Foundation

/// A folder of small real documents in a fresh temporary directory.
struct TemporaryCorpus {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs/nested"), withIntermediateDirectories: true)
        try write("docs/vacuum.txt", """
            VACUUM reclaims storage occupied by dead tuples. In normal PostgreSQL operation, tuples that \
            are deleted or obsoleted by an update are not physically removed from their table.

            Autovacuum runs these commands automatically. It is enabled by default.
            """)
        try write("docs/nested/indexes.html", """
            <html><head><title>Partial Indexes</title><script>var x = "ignored";</script></head>
            <body><div class="navheader">Prev Up Next</div>
            <h1>Partial Indexes</h1>
            <p>A partial index is an index built over a subset of a table; the subset is defined by a \
            conditional expression, called the predicate of the partial index.</p>
            <p>The index contains entries only for those table rows that satisfy the predicate.</p>
            </body></html>
            """)
        try write("docs/mvcc.md", """
            # Concurrency Control

            Multiversion concurrency control (MVCC) gives each transaction a snapshot of the data. \
            Readers never block writers, and writers never block readers.
            """)
    }

    var docs: URL { root.appendingPathComponent("docs") }
    var index: URL { root.appendingPathComponent("index.quarry") }

    func write(_ relativePath: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(relativePath))
    }

    func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relativePath))
    }
}
