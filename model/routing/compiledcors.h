#pragma once

#include "model/topology/cors.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingress {

// A policy's CORS (Cors) as the engine applies it: origins compared without allocating, the
// response field values prepared once.
struct CompiledCors {
    bool anyOrigin = false;           // "*" is listed
    std::vector<std::string> origins; // exact origins, lower case
    // "https://*.example.com": (scheme with "://", ".example.com"); one label or more.
    std::vector<std::pair<std::string, std::string>> wildcards;
    std::string methods; // Access-Control-Allow-Methods
    std::string headers; // Access-Control-Allow-Headers
    std::string expose;  // Access-Control-Expose-Headers; empty: not sent
    bool credentials = false;
    std::string maxAge; // Access-Control-Max-Age, seconds

    bool allows(std::string_view origin) const;
    // Access-Control-Allow-Origin for an allowed `origin`: "*" when any origin may read without
    // credentials, else the origin itself (browsers refuse "*" on a credentialed request).
    std::string_view allowOriginValue(std::string_view origin) const {
        return anyOrigin && !credentials ? std::string_view("*") : origin;
    }
    // "https://a.example.com, https://*.example.com", for explain and the GUI.
    std::string describe() const;

    static CompiledCors compile(const Cors &cors);
};

} // namespace ingress
