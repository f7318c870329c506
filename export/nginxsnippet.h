#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace ingress::kubeimport {

// One directive of a raw nginx snippet.
struct NginxDirective {
    QString name;
    QStringList args; // unquoted, escapes resolved
    // As written, for messages: white space collapsed, a block shown as "{ ... }", cut when long.
    QString text;
    int line = 1;       // of its name, 1-based within the snippet
    bool block = false; // it opens a { } block (if, location, *_by_lua_block), skipped whole
};

// A raw nginx snippet (ingress-nginx's configuration-snippet and server-snippet annotations) read
// the way nginx reads its configuration: words separated by white space, single- or
// double-quoted words with backslash escapes, `#` comments, `;` ending a directive and a `{ }`
// block kept as one unit with the directive that opens it. nginx refuses a snippet with an
// unterminated quote or block, a stray `}` or a last directive without `;`, and ingress-nginx then
// refuses the Ingress; such a snippet has an `error` and no directives.
class NginxSnippet {
public:
    // Kubernetes caps an object's annotations at 256 KiB together.
    static constexpr qsizetype maxSize = 256 * 1024;

    static NginxSnippet parse(QStringView text);

    QList<NginxDirective> directives;
    QString error;     // why nginx would refuse it; empty when it reads
    int errorLine = 0; // where, 1-based within the snippet
};

} // namespace ingress::kubeimport
