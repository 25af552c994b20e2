// A narrow C view of libxml2's HTML parser and tree for Quarry's HTML loader.
//
// Swift code never includes libxml2's own headers: they pull in the system ICU headers,
// whose types clash with Foundation's bundled ICU module in any Swift module that also
// imports Foundation (directly or through a dependency). Only opaque handles cross here.
#ifndef QUARRY_CHTMLTREE_H
#define QUARRY_CHTMLTREE_H

/// A parsed HTML document; free it with quarry_html_free.
typedef struct quarry_html_document quarry_html_document;
/// An element, text node or attribute of a document (valid while the document lives).
typedef struct quarry_html_node quarry_html_node;

typedef enum {
    QUARRY_HTML_OTHER = 0,      // comments, processing instructions, DTD, entity nodes
    QUARRY_HTML_ELEMENT = 1,
    QUARRY_HTML_TEXT = 2,       // text and CDATA
    QUARRY_HTML_ATTRIBUTE = 3,
} quarry_html_kind;

/// Parses `length` bytes of HTML leniently (recover, no errors or warnings printed, no
/// network). With `assume_utf8` the bytes are read as UTF-8 whatever the page declares;
/// otherwise its declaration decides. Returns NULL if no document could be built.
/// `*too_deep` is set to 1 when the page nests elements deeper than libxml2 reads
/// (QUARRY_HTML_MAX_DEPTH): the parser stopped there, so the tree lacks the rest of the
/// page; else 0. The tree is never deeper than that, so walking it recursively is safe.
quarry_html_document *quarry_html_parse(const char *bytes, int length, const char *url, int assume_utf8,
                                        int *too_deep);

/// How deep libxml2 nests elements before it stops parsing (its xmlParserMaxDepth,
/// without XML_PARSE_HUGE, which Quarry never sets).
#define QUARRY_HTML_MAX_DEPTH 256

/// Frees a document and all its nodes.
void quarry_html_free(quarry_html_document *document);

/// The root element, or NULL for an empty document.
const quarry_html_node *quarry_html_root(const quarry_html_document *document);

quarry_html_kind quarry_html_node_kind(const quarry_html_node *node);

/// An element's or attribute's name (lowercase for HTML), or NULL.
const char *quarry_html_name(const quarry_html_node *node);

/// A text node's UTF-8 content, or NULL.
const char *quarry_html_content(const quarry_html_node *node);

/// First child (for an attribute: the text nodes of its value), or NULL.
const quarry_html_node *quarry_html_first_child(const quarry_html_node *node);

/// Next sibling (for an attribute: the next attribute), or NULL.
const quarry_html_node *quarry_html_next(const quarry_html_node *node);

/// An element's first attribute, or NULL.
const quarry_html_node *quarry_html_first_attribute(const quarry_html_node *node);

#endif
