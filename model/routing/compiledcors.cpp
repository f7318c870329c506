#include "model/routing/compiledcors.h"

#include <algorithm>

namespace ingress {

namespace {

bool equalsLower(std::string_view text, std::string_view lower) {
    return text.size() == lower.size() &&
           std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? char(a + 32) : a) == b;
           });
}

std::string joined(const QStringList &list) {
    return list.join(QStringLiteral(", ")).toStdString();
}

} // namespace

bool CompiledCors::allows(std::string_view origin) const {
    if (origin.empty())
        return false;
    if (anyOrigin)
        return true;
    for (const std::string &allowed : origins)
        if (equalsLower(origin, allowed))
            return true;
    for (const auto &[scheme, suffix] : wildcards) {
        // The wildcard stands for at least one whole label: "https://x.example.com" and
        // "https://a.b.example.com" pass, "https://example.com" and "https://xexample.com" not.
        if (origin.size() > scheme.size() + suffix.size() &&
            equalsLower(origin.substr(0, scheme.size()), scheme) &&
            equalsLower(origin.substr(origin.size() - suffix.size()), suffix))
            return true;
    }
    return false;
}

std::string CompiledCors::describe() const {
    std::string text = "CORS for ";
    if (anyOrigin) {
        text += "any origin";
    } else {
        std::vector<std::string> names = origins;
        for (const auto &[scheme, suffix] : wildcards)
            names.push_back(scheme + "*" + suffix);
        if (names.empty())
            text += "no origin";
        for (std::size_t i = 0; i < names.size(); ++i)
            text += (i ? ", " : "") + names[i];
    }
    if (credentials)
        text += ", with credentials";
    return text;
}

CompiledCors CompiledCors::compile(const Cors &cors) {
    CompiledCors compiled;
    for (const QString &entry : cors.allowOrigins) {
        const std::string origin = entry.trimmed().toLower().toStdString();
        if (origin == "*") {
            compiled.anyOrigin = true;
            continue;
        }
        const std::size_t star = origin.find("://*.");
        if (star != std::string::npos)
            compiled.wildcards.emplace_back(origin.substr(0, star + 3), origin.substr(star + 4));
        else if (!origin.empty())
            compiled.origins.push_back(origin);
    }
    compiled.methods = joined(cors.methods());
    compiled.headers = joined(cors.headers());
    compiled.expose = joined(cors.exposeHeaders);
    compiled.credentials = cors.allowCredentials;
    compiled.maxAge = std::to_string(cors.maxAgeSeconds());
    return compiled;
}

} // namespace ingress
