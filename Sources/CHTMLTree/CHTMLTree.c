// Thin wrappers over libxml2's HTML parser and tree; see include/CHTMLTree.h.
#include "CHTMLTree.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <string.h>

static pthread_once_t parser_once = PTHREAD_ONCE_INIT;

static void init_parser(void) { xmlInitParser(); }

quarry_html_document *quarry_html_parse(const char *bytes, int length, const char *url, int assume_utf8,
                                        int *too_deep) {
    pthread_once(&parser_once, init_parser);
    *too_deep = 0;
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    if (assume_utf8) options |= HTML_PARSE_IGNORE_ENC;
    htmlParserCtxtPtr context = htmlNewParserCtxt();
    if (!context) return NULL;
    htmlDocPtr document = htmlCtxtReadMemory(context, bytes, length, url, assume_utf8 ? "UTF-8" : NULL, options);
    // libxml2 halts the parser past its depth limit with an internal error saying so
    // ("Excessive depth in document: 256 use XML_PARSE_HUGE option").
    const xmlError *error = &context->lastError;
    if (error->code == XML_ERR_INTERNAL_ERROR && error->message && strstr(error->message, "Excessive depth")) {
        *too_deep = 1;
    }
    htmlFreeParserCtxt(context);
    return (quarry_html_document *)document;
}

void quarry_html_free(quarry_html_document *document) {
    if (document) xmlFreeDoc((xmlDocPtr)document);
}

const quarry_html_node *quarry_html_root(const quarry_html_document *document) {
    return (const quarry_html_node *)xmlDocGetRootElement((const xmlDoc *)document);
}

quarry_html_kind quarry_html_node_kind(const quarry_html_node *node) {
    switch (((const xmlNode *)node)->type) {
    case XML_ELEMENT_NODE: return QUARRY_HTML_ELEMENT;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE: return QUARRY_HTML_TEXT;
    case XML_ATTRIBUTE_NODE: return QUARRY_HTML_ATTRIBUTE;
    default: return QUARRY_HTML_OTHER;
    }
}

// xmlAttr shares xmlNode's leading fields (type, name, children, next), which libxml2
// itself relies on; attributes are read through them.
const char *quarry_html_name(const quarry_html_node *node) {
    return (const char *)((const xmlNode *)node)->name;
}

const char *quarry_html_content(const quarry_html_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    return (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) ? (const char *)n->content : NULL;
}

const quarry_html_node *quarry_html_first_child(const quarry_html_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    if (n->type == XML_ATTRIBUTE_NODE) return (const quarry_html_node *)((const xmlAttr *)node)->children;
    return (const quarry_html_node *)n->children;
}

const quarry_html_node *quarry_html_next(const quarry_html_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    if (n->type == XML_ATTRIBUTE_NODE) return (const quarry_html_node *)((const xmlAttr *)node)->next;
    return (const quarry_html_node *)n->next;
}

const quarry_html_node *quarry_html_first_attribute(const quarry_html_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    return n->type == XML_ELEMENT_NODE ? (const quarry_html_node *)n->properties : NULL;
}
