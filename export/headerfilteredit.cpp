#include "export/headerfilteredit.h"

namespace ingress::kubeimport {

bool isHeaderName(QStringView name) {
    static constexpr QStringView punctuation(u"!#$%&'*+.^_`|~-");
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const bool alnum =
            (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        if (!alnum && !punctuation.contains(c))
            return false;
    }
    return true;
}

bool editHeader(HeaderFilter &filter, HeaderEdit edit, const QString &name, const QString &value) {
    auto same = [&](const QString &other) { return other.compare(name, Qt::CaseInsensitive) == 0; };
    auto sameValue = [&](const HeaderValue &h) { return same(h.name); };
    const qsizetype removed = filter.set.removeIf(sameValue) + filter.add.removeIf(sameValue) +
                              filter.remove.removeIf(same);
    switch (edit) {
    case HeaderEdit::Set:
        filter.set << HeaderValue{name, value};
        break;
    case HeaderEdit::Add:
        filter.add << HeaderValue{name, value};
        break;
    case HeaderEdit::Remove:
        filter.remove << name;
        break;
    }
    return removed > 0;
}

} // namespace ingress::kubeimport
