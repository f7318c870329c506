#pragma once

#include "model/topology/route.h"

#include <QString>
#include <QStringView>

namespace ingress::kubeimport {

// RFC 9110 token: what a header name may be.
bool isHeaderName(QStringView name);

enum class HeaderEdit { Set, Add, Remove };

// Puts `name` into one list of `filter` (with `value` for Set and Add), taking every earlier
// entry of that name out first: the validator refuses a header edited twice
// (invalid-header-filter), and when annotations or snippet lines name a header twice the later
// one is what the controller applies last. Names compare case-insensitively. Returns whether
// an earlier entry was replaced.
bool editHeader(HeaderFilter &filter, HeaderEdit edit, const QString &name,
                const QString &value = {});

} // namespace ingress::kubeimport
