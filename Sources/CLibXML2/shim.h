// libxml2's HTML parser and tree API (Debian: libxml2-dev).
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
