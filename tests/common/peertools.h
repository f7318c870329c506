#pragma once

// Tests that need a real peer tool (nginx, haproxy, caddy, node, curl): when it is missing, the
// test function is *skipped* on a developer's machine and the program exits 77, which CTest
// reports as skipped (SKIP_RETURN_CODE, tests/CMakeLists.txt), never as passed; in CI
// (CI=true) it *fails*, so that a green CI means every test really ran.
// tests/common/peertools.sh does the same for shell tests.

#include <QCoreApplication>
#include <QStandardPaths>
#include <QString>
#include <QTest>

namespace ingress::testing {

// The tools live in /usr/sbin on Debian, which is not on every user's PATH.
inline QString findTool(const QString &name) {
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    return path;
}

inline bool runningInCi() {
    return qEnvironmentVariable("CI") == u"true";
}

// Whether a test function of this program was skipped for a missing peer.
inline bool &peerWasMissing() {
    static bool missing = false;
    return missing;
}

// The exit code of a test program: QTest::qExec's failure count, or 77 when nothing failed
// but a peer was missing.
inline int peerAwareExitCode(int failures) {
    return failures == 0 && peerWasMissing() ? 77 : failures;
}

} // namespace ingress::testing

// Skips (or, in CI, fails) the current test function because a peer is missing.
#define INGRESS_MISSING_PEER(message)                                                              \
    do {                                                                                           \
        if (::ingress::testing::runningInCi())                                                     \
            QFAIL("missing in CI, where every test must run: " message);                           \
        ::ingress::testing::peerWasMissing() = true;                                               \
        QSKIP(message);                                                                            \
    } while (false)

// `const QString variable` = the tool's path; skips or fails when it is not installed.
#define INGRESS_REQUIRE_TOOL(variable, name)                                                       \
    const QString variable = ::ingress::testing::findTool(QStringLiteral(name));                   \
    if (variable.isEmpty())                                                                        \
    INGRESS_MISSING_PEER(name " is not installed (scripts/install-deps.sh test)")

// QTEST_GUILESS_MAIN for programs that use INGRESS_REQUIRE_TOOL.
#define INGRESS_PEER_TEST_MAIN(TestObject)                                                         \
    int main(int argc, char *argv[]) {                                                             \
        QCoreApplication app(argc, argv);                                                          \
        TestObject tc;                                                                             \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return ::ingress::testing::peerAwareExitCode(QTest::qExec(&tc, argc, argv));               \
    }
