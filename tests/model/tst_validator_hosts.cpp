#include "tests/model/validatortest.h"

using namespace ingress;
using namespace std::chrono_literals;

void TestValidator::certificateRules_data() {
    addColumns();
    using enum Severity;
    fires(
        "duplicate-certificate",
        [](Topology &t, auto &) {
            Certificate copy = t.certificates[0];
            copy.src = at(55, {{"name", 55}, {"certificate", 56}, {"privateKey", 57}});
            t.certificates << copy;
        },
        "duplicate-certificate", Error, 55);
    quiet(
        "duplicate-certificate near miss",
        [](Topology &t, auto &) {
            Certificate copy = t.certificates[0];
            copy.name = "bar-com-2";
            t.certificates << copy;
        },
        "duplicate-certificate");
    fires(
        "certificate-file missing",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/missing.crt"; },
        "certificate-file", Error, 51);
    fires(
        "certificate-file key",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/bar.key"; },
        "certificate-file", Error, 51);
    fires(
        "certificate-file junk",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/junk.crt"; },
        "certificate-file", Error, 51);
    fires(
        "certificate-file empty",
        [](Topology &t, auto &) { t.certificates[0].certificate.clear(); }, "certificate-file",
        Error, 51);
    // Validation opens no file itself: without a reader in the context the file rules are
    // silent, and what the reader says is what the diagnostic says.
    quiet(
        "certificate-file no reader",
        [](Topology &t, ValidationContext &context) {
            t.certificates[0].certificate = "certs/missing.crt";
            context.readCertificateFiles = nullptr;
        },
        "certificate-file");
    fires(
        "certificate-file from the reader",
        [](Topology &, ValidationContext &context) {
            context.readCertificateFiles = [](const QString &, const QString &) {
                CertificateFileFacts facts;
                facts.certificateProblem = "the reader's own words";
                return facts;
            };
        },
        "certificate-file", Error, 51);
    fires(
        "key-mismatch from the reader",
        [](Topology &t, ValidationContext &context) {
            t.certificates[0].privateKey = "certs/bar.key"; // the matching key, yet the reader says
            context.readCertificateFiles =
                [previous = context.readCertificateFiles](const QString &crt, const QString &key) {
                    CertificateFileFacts facts = previous(crt, key);
                    facts.keyMismatch = true;
                    return facts;
                };
        },
        "key-mismatch", Error, 52);
    quiet(
        "certificate-file absolute",
        [](Topology &t, auto &) { t.certificates[0].certificate = t.resolvePath("certs/bar.crt"); },
        "certificate-file");
    fires(
        "certificate-expired",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/expired.crt"; },
        "certificate-expired", Error, 51);
    fires(
        "certificate-expired pinned clock",
        [](Topology &, ValidationContext &c) { c.now = c.now.addYears(3); }, "certificate-expired",
        Error, 51);
    quiet(
        "certificate-expired expiring",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/expiring.crt"; },
        "certificate-expired");
    fires(
        "certificate-expiring",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/expiring.crt"; },
        "certificate-expiring", Warning, 51);
    quiet(
        "certificate-expiring shorter warning",
        [](Topology &t, ValidationContext &c) {
            t.certificates[0].certificate = "certs/expiring.crt";
            c.expiryWarningDays = 5;
        },
        "certificate-expiring");
    fires(
        "certificate-not-yet-valid",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/future.crt"; },
        "certificate-not-yet-valid", Error, 51);
    quiet(
        "certificate-not-yet-valid later clock",
        [](Topology &t, ValidationContext &c) {
            t.certificates[0].certificate = "certs/future.crt";
            c.now = c.now.addDays(6);
        },
        "certificate-not-yet-valid");
    fires(
        "key-file missing",
        [](Topology &t, auto &) { t.certificates[0].privateKey = "certs/none.key"; }, "key-file",
        Error, 52);
    fires(
        "key-file certificate",
        [](Topology &t, auto &) { t.certificates[0].privateKey = "certs/bar.crt"; }, "key-file",
        Error, 52);
    fires(
        "key-file folder", [](Topology &t, auto &) { t.certificates[0].privateKey = "certs"; },
        "key-file", Error, 52);
    quiet(
        "key-file present",
        [](Topology &t, auto &) { t.certificates[0].privateKey = "certs/bar.key"; }, "key-file");
    fires(
        "key-mismatch",
        [](Topology &t, auto &) { t.certificates[0].privateKey = "certs/other.key"; },
        "key-mismatch", Error, 52);
    quiet(
        "key-mismatch matching pair",
        [](Topology &t, auto &) { t.certificates[0].privateKey = "certs/bar.key"; },
        "key-mismatch");
    fires(
        "weak-key RSA 1024",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/weak.crt"; }, "weak-key",
        Warning, 51);
    quiet(
        "weak-key RSA 2048",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/rsa2048.crt"; },
        "weak-key");
    fires(
        "chain-order reversed",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/reversed.crt"; },
        "chain-order", Error, 51);
    quiet(
        "chain-order leaf first",
        [](Topology &t, auto &) { t.certificates[0].certificate = "certs/chain.crt"; },
        "chain-order");
    fires(
        "key-not-in-keychain",
        [](Topology &, ValidationContext &c) {
            c.keychainHasKey = [](const QString &name) { return name != u"bar-com"; };
        },
        "key-not-in-keychain", Warning, 52);
    fires(
        "key-not-in-keychain no keychain",
        [](Topology &, ValidationContext &c) {
            c.keychainHasKey = [](const QString &) {
                return KeychainAnswer::unavailable(QStringLiteral("no Secret Service running"));
            };
        },
        "key-not-in-keychain", Warning, 52);
    quiet(
        "key-not-in-keychain present",
        [](Topology &, ValidationContext &c) {
            c.keychainHasKey = [](const QString &name) { return name == u"bar-com"; };
        },
        "key-not-in-keychain");
    quiet(
        "key-not-in-keychain key file",
        [](Topology &t, ValidationContext &c) {
            t.certificates[0].privateKey = "certs/bar.key";
            c.keychainHasKey = [](const QString &) { return false; };
        },
        "key-not-in-keychain");
}

void TestValidator::hostRules_data() {
    addColumns();
    using enum Severity;
    fires(
        "invalid-host underscore", [](Topology &t, auto &) { t.hosts[0].host = "food_x.bar.com"; },
        "invalid-host", Error, 60);
    fires(
        "invalid-host wildcard inside",
        [](Topology &t, auto &) { t.hosts[0].host = "food.*.bar.com"; }, "invalid-host", Error, 60);
    fires(
        "invalid-host port", [](Topology &t, auto &) { t.hosts[0].host = "food.bar.com:80"; },
        "invalid-host", Error, 60);
    fires(
        "invalid-host ip", [](Topology &t, auto &) { t.hosts[0].host = "10.0.0.1"; },
        "invalid-host", Error, 60);
    quiet(
        "invalid-host upper case", [](Topology &t, auto &) { t.hosts[0].host = "FOOD.bar.com"; },
        "invalid-host");
    fires(
        "duplicate-host", [](Topology &t, auto &) { t.hosts[1].host = "food.bar.com"; },
        "duplicate-host", Error, 90);
    fires(
        "duplicate-host case", [](Topology &t, auto &) { t.hosts[1].host = "FOOD.bar.com"; },
        "duplicate-host", Error, 90);
    fires(
        "duplicate-host shared listener",
        [](Topology &t, auto &) {
            t.hosts[0].listeners = {"web", "websecure"};
            t.hosts[1].listeners = {"websecure"};
            t.hosts[1].host = "food.bar.com";
        },
        "duplicate-host", Error, 90);
    quiet(
        "duplicate-host other listeners",
        [](Topology &t, auto &) {
            t.hosts[0].listeners = {"web"};
            t.hosts[1].listeners = {"websecure"};
            t.hosts[1].host = "food.bar.com";
        },
        "duplicate-host");
    fires(
        "unknown-listener",
        [](Topology &t, auto &) {
            t.hosts[0].listeners = {"websecure", "nope"};
        },
        "unknown-listener", Error, 62);
    quiet(
        "unknown-listener known", [](Topology &t, auto &) { t.hosts[0].listeners = {"websecure"}; },
        "unknown-listener");
    fires(
        "unknown-certificate", [](Topology &t, auto &) { t.hosts[0].tls = "nope"; },
        "unknown-certificate", Error, 61);
    quiet(
        "unknown-certificate no tls", [](Topology &t, auto &) { t.hosts[0].tls.clear(); },
        "unknown-certificate");
    fires(
        "tls-host-not-covered other domain",
        [](Topology &t, auto &) { t.hosts[0].host = "food.example.com"; }, "tls-host-not-covered",
        Error, 61);
    fires(
        "tls-host-not-covered two labels",
        [](Topology &t, auto &) { t.hosts[0].host = "a.food.bar.com"; }, "tls-host-not-covered",
        Error, 61);
    fires(
        "tls-host-not-covered wildcard",
        [](Topology &t, auto &) { t.hosts[1].host = "*.food.bar.com"; }, "tls-host-not-covered",
        Error, 91);
    quiet(
        "tls-host-not-covered apex", [](Topology &t, auto &) { t.hosts[0].host = "bar.com"; },
        "tls-host-not-covered");
    quiet(
        "tls-host-not-covered unreadable certificate",
        [](Topology &t, auto &) {
            t.hosts[0].host = "food.example.com";
            t.certificates[0].certificate = "certs/missing.crt";
        },
        "tls-host-not-covered");
    fires(
        "tls-without-https-listener", [](Topology &t, auto &) { t.hosts[0].listeners = {"web"}; },
        "tls-without-https-listener", Warning, 61);
    quiet(
        "tls-without-https-listener both",
        [](Topology &t, auto &) {
            t.hosts[0].listeners = {"web", "websecure"};
        },
        "tls-without-https-listener");
}
