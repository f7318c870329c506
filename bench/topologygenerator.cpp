#include "bench/topologygenerator.h"

#include <algorithm>

namespace ingress::bench {

QByteArray generateTopologyYaml(int hosts) {
    const int services = std::max(10, hosts / 10);
    QByteArray yaml;
    yaml.reserve(qsizetype(hosts) * 330 + services * 120 + 512);
    yaml += "apiVersion: ingress-studio/v1\nkind: Topology\nmetadata:\n  name: bench\n"
            "listeners:\n"
            "  - name: web\n    bind: 127.0.0.1:8080\n    protocol: HTTP\n"
            "services:\n";
    for (int s = 0; s < services; ++s) {
        const QByteArray port = QByteArray::number(10000 + s % 50000);
        yaml += "  - name: svc" + QByteArray::number(s) +
                "\n    endpoints:\n      - 127.0.0.1:" + port +
                "\n      - address: 127.0.0.2:" + port + "\n        weight: 2\n";
    }
    yaml += "hosts:\n";
    for (int h = 0; h < hosts; ++h) {
        const QByteArray n = QByteArray::number(h);
        const QByteArray service = "svc" + QByteArray::number(h % services);
        if (h % 4 == 3)
            yaml += "  - host: \"*.w" + n + ".bench.test\"\n";
        else
            yaml += "  - host: h" + n + ".bench.test\n";
        yaml += "    routes:\n";
        if (h % 10 == 9)
            yaml += "      - path: ^/items/[0-9]+$\n        pathType: Regex\n        service: " +
                    service + "\n";
        else
            yaml += "      - path: /exact/" + n +
                    "\n        pathType: Exact\n        service: " + service + "\n";
        yaml += "      - path: /api/v" + QByteArray::number(h % 7) +
                "\n        pathType: Prefix\n        service: " + service +
                "\n        rewritePrefix: /\n";
        // A catch-all "/" would shadow the regex (the validator says so): regex hosts get a
        // narrower third prefix.
        yaml += QByteArray(h % 10 == 9 ? "      - path: /static\n" : "      - path: /\n") +
                "        pathType: Prefix\n        service: " + service + "\n";
    }
    yaml += "defaultService: svc0\n";
    return yaml;
}

} // namespace ingress::bench
