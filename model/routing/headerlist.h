#pragma once

#include "model/routing/routingtable.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ingress {

// A HeaderLookup over a list of request headers, for lookups outside the engine (explain,
// tests). Names are kept in lower case, as they are asked; the first of a repeated name wins.
class HeaderList : public HeaderLookup {
public:
    // `lowerName` already in lower case (the callers know their string type's rules).
    void add(std::string lowerName, std::string value) {
        m_headers.emplace_back(std::move(lowerName), std::move(value));
    }
    std::optional<std::string_view> value(std::string_view lowerName) const override {
        for (const auto &[name, value] : m_headers)
            if (name == lowerName)
                return std::string_view(value);
        return std::nullopt;
    }

private:
    std::vector<std::pair<std::string, std::string>> m_headers;
};

} // namespace ingress
