#pragma once

#include <QtGlobal>

namespace ingress {

// What an item of the document is; the element type of the list it lives in.
enum class ItemKind { None, Listener, Host, Route, Service, Certificate };

// Addresses one item of a Topology by position: `row` in its list, and for routes the row of
// the virtual host that holds them. Positions (not names) because names may be duplicated or
// empty while the user types; undo commands replay positions in the same order.
struct ItemRef {
    ItemKind kind = ItemKind::None;
    int row = -1;
    int host = -1; // routes only

    static ItemRef listener(int row) { return {ItemKind::Listener, row, -1}; }
    static ItemRef virtualHost(int row) { return {ItemKind::Host, row, -1}; }
    static ItemRef route(int host, int row) { return {ItemKind::Route, row, host}; }
    static ItemRef service(int row) { return {ItemKind::Service, row, -1}; }
    static ItemRef certificate(int row) { return {ItemKind::Certificate, row, -1}; }

    bool isValid() const { return kind != ItemKind::None && row >= 0; }
    friend bool operator==(const ItemRef &, const ItemRef &) = default;
};

} // namespace ingress
