// bench_model: load, validate and compile cost of the document model, and the cost of one
// routing lookup, for growing topologies (bench/README.md). Lookup cost should stay flat.
#include "bench/topologygenerator.h"
#include "model/routing/routingtable.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <QCoreApplication>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <QTextStream>
#include <random>
#include <string>
#include <vector>

using namespace ingress;
using Clock = std::chrono::steady_clock;

namespace {

double millisSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

template <typename F> double medianMillis(int runs, F &&f) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        f();
        times.push_back(millisSince(start));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

struct Request {
    std::string host, path;
};

// A mix of what a busy ingress sees: exact hosts, wildcard hosts, every path type, and
// unknown hosts that end at the default service. `hot`: only 64 hosts (spread over the table)
// get traffic, so the data stays in cache and the algorithm's own cost shows; otherwise every
// host does, and cache misses grow with the table until it no longer fits in cache.
std::vector<Request> makeRequests(int hosts, bool hot) {
    std::mt19937 random(42);
    std::vector<Request> requests;
    const int stride = hot ? std::max(1, hosts / 64) : 1;
    const int distinct = hot ? std::min(hosts, 64) : hosts;
    for (int k = 0; k < 1024; ++k) {
        const int h = int(random() % unsigned(distinct)) * stride;
        Request r;
        if (k % 16 == 15)
            r.host = std::string("nope").append(std::to_string(k)).append(".test");
        else if (h % 4 == 3)
            r.host = std::string("x.w").append(std::to_string(h)).append(".bench.test:8080");
        else
            r.host = std::string("h").append(std::to_string(h)).append(".bench.test:8080");
        switch (k % 4) {
        case 0:
            r.path = std::string("/api/v").append(std::to_string(h % 7)).append("/users/42/orders");
            break;
        case 1:
            r.path = h % 10 == 9 ? std::string("/items/123")
                                 : std::string("/exact/").append(std::to_string(h));
            break;
        case 2:
            r.path = "/static/js/app.js";
            break;
        default:
            r.path = std::string("/api/v").append(std::to_string((h + 1) % 7));
        }
        requests.push_back(std::move(r));
    }
    return requests;
}

struct LookupCost {
    double medianNs = 0;
    double p90Ns = 0;
    int routed = 0; // requests of one pass that reached a route, as a sanity check
};

LookupCost measureLookups(const RoutingTable &table, const std::vector<Request> &requests) {
    std::vector<RequestInfo> infos;
    for (const Request &r : requests) {
        RequestInfo info;
        info.listener = 0;
        info.host = r.host;
        info.path = r.path;
        infos.push_back(info);
    }
    LookupCost cost;
    for (const RequestInfo &info : infos)
        cost.routed += table.match(info).kind == RouteMatch::Kind::Route ? 1 : 0;
    constexpr int passes = 20;
    std::vector<double> batches;
    std::size_t sink = 0;
    for (int batch = 0; batch < 41; ++batch) {
        const auto start = Clock::now();
        for (int pass = 0; pass < passes; ++pass)
            for (const RequestInfo &info : infos)
                sink += table.match(info).upstreamPath.size();
        batches.push_back(millisSince(start) * 1e6 / double(passes * infos.size()));
    }
    std::sort(batches.begin(), batches.end());
    cost.medianNs = batches[batches.size() / 2];
    cost.p90Ns = batches[batches.size() * 9 / 10];
    if (sink == 0)
        std::puts("(no upstream paths?)");
    return cost;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QList<int> sizes{10, 100, 1000, 10000};
    QString writeTo;
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == u"--hosts" && i + 1 < args.size()) {
            sizes.clear();
            for (const QString &n : args[++i].split(u','))
                sizes.append(n.toInt());
        } else if (args[i] == u"--write" && i + 1 < args.size()) {
            writeTo = args[++i];
        } else {
            out << "usage: bench_model [--hosts 10,100,1000,10000] [--write FILE]\n"
                << "  --write FILE  also write the largest generated topology to FILE\n";
            return args[i] == u"--help" ? 0 : 2;
        }
    }
    QTemporaryDir dir;
    if (!dir.isValid()) {
        out << "cannot create a temporary folder\n";
        return 1;
    }

    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10\n")
               .arg(QStringLiteral("hosts"), 6)
               .arg(QStringLiteral("routes"), 7)
               .arg(QStringLiteral("YAML KiB"), 9)
               .arg(QStringLiteral("load ms"), 9)
               .arg(QStringLiteral("valid. ms"), 9)
               .arg(QStringLiteral("compile ms"), 10)
               .arg(QStringLiteral("hot ns"), 7)
               .arg(QStringLiteral("spread ns"), 10)
               .arg(QStringLiteral("p90 ns"), 7)
               .arg(QStringLiteral("problems"), 8);
    out.flush();
    for (int hosts : sizes) {
        const QByteArray yaml = bench::generateTopologyYaml(hosts);
        const QString path = dir.filePath(QStringLiteral("bench-%1.yaml").arg(hosts));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(yaml) != yaml.size()) {
            out << "cannot write " << path << "\n";
            return 1;
        }
        file.close();
        if (!writeTo.isEmpty() && hosts == sizes.last()) {
            QFile::remove(writeTo);
            QFile::copy(path, writeTo);
        }

        const int runs = hosts >= 10000 ? 3 : 7;
        LoadResult loaded;
        const double loadMs = medianMillis(runs, [&] { loaded = TopologyLoader::loadFile(path); });
        if (!loaded.ok()) {
            out << "load failed:\n";
            for (const Diagnostic &d : loaded.diagnostics)
                out << "  " << d.toString() << "\n";
            return 1;
        }
        Diagnostics problems;
        const double validateMs =
            medianMillis(runs, [&] { problems = Validator::validate(*loaded.topology); });
        // Tables are kept until after the timing: freeing one is not part of building one.
        std::vector<RoutingTablePtr> tables;
        const double compileMs =
            medianMillis(runs, [&] { tables.push_back(RoutingTable::compile(*loaded.topology)); });
        const RoutingTablePtr table = tables.back();
        tables.clear();
        qsizetype routes = 0;
        for (const VirtualHost &h : loaded.topology->hosts)
            routes += h.routes.size();
        const LookupCost hot = measureLookups(*table, makeRequests(hosts, true));
        const LookupCost lookup = measureLookups(*table, makeRequests(hosts, false));

        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10\n")
                   .arg(hosts, 6)
                   .arg(routes, 7)
                   .arg(double(yaml.size()) / 1024, 9, 'f', 0)
                   .arg(loadMs, 9, 'f', 2)
                   .arg(validateMs, 9, 'f', 2)
                   .arg(compileMs, 10, 'f', 2)
                   .arg(hot.medianNs, 7, 'f', 0)
                   .arg(lookup.medianNs, 10, 'f', 0)
                   .arg(lookup.p90Ns, 7, 'f', 0)
                   .arg(problems.size(), 8);
        out.flush();
        if (lookup.routed < 512 || hot.routed < 512) {
            out << "only " << lookup.routed << " of 1024 requests reached a route: broken?\n";
            return 1;
        }
    }
    out << "\nload + validate target: < 1000 ms at 10000 hosts. hot/spread ns: median cost of "
           "one RoutingTable::match over 1024 mixed requests (exact/wildcard hosts, Exact/Prefix/"
           "Regex routes, unknown hosts) aimed at 64 hosts / at all hosts; p90 is of spread.\n";
    return 0;
}
