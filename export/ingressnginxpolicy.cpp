#include "export/ingressnginxpolicy.h"

#include "export/kubernetessecretreader.h"
#include "model/routing/ipblock.h"

#include <algorithm>

namespace ingress::kubeimport {

namespace {

// The topology's largest rate, burst and connection limit.
constexpr int maxLimit = 1000000;
// ingress-nginx's burst is the rate times this, unless limit-burst-multiplier says otherwise.
constexpr int defaultBurstMultiplier = 5;

void leave(ImportSession &session, const YAML::Node &at, const QString &key, const QString &why,
           QStringList &left) {
    session.warning(at, QStringLiteral("annotation '%1' is not translated: %2").arg(key, why));
    left << key;
}

} // namespace

bool IngressPolicyAnnotations::take(const QString &key, const QString &name, const QString &value,
                                    const YAML::Node &keyNode, const YAML::Node &valueNode) {
    static const QStringList names{QStringLiteral("allowlist-source-range"),
                                   QStringLiteral("whitelist-source-range"),
                                   QStringLiteral("denylist-source-range"),
                                   QStringLiteral("auth-type"),
                                   QStringLiteral("auth-secret"),
                                   QStringLiteral("auth-secret-type"),
                                   QStringLiteral("auth-realm"),
                                   QStringLiteral("limit-rps"),
                                   QStringLiteral("limit-rpm"),
                                   QStringLiteral("limit-burst-multiplier"),
                                   QStringLiteral("limit-connections")};
    if (!names.contains(name))
        return false;
    m_taken.insert(name, Annotation{key, value, keyNode, valueNode});
    return true;
}

const IngressPolicyAnnotations::Annotation *IngressPolicyAnnotations::find(const char *name) const {
    const auto it = m_taken.constFind(QLatin1StringView(name));
    return it == m_taken.cend() ? nullptr : &it.value();
}

Policy IngressPolicyAnnotations::translate(ImportSession &session, const QString &nameSpace,
                                           bool canary, int &translated, QStringList &left) const {
    Policy policy;
    if (canary) {
        // ingress-nginx ignores them on a canary: its requests pass the main Ingress's checks,
        // which the canary's routes copy from the main route.
        for (const Annotation &a : m_taken)
            leave(session, a.keyNode, a.key,
                  QStringLiteral("a canary Ingress takes the main Ingress's access lists, "
                                 "authentication and limits (ingress-nginx ignores its own)"),
                  left);
        return policy;
    }
    accessLists(session, policy, translated, left);
    basicAuth(session, nameSpace, policy, translated, left);
    limits(session, policy, translated, left);
    return policy;
}

// Comma-separated addresses and CIDR blocks. ingress-nginx refuses a list with any entry that
// is neither (the location then answers 503 to everyone); the import keeps the entries that
// are, reports the others, and closes the routes when none is left, rather than open them.
void IngressPolicyAnnotations::accessLists(ImportSession &session, Policy &policy, int &translated,
                                           QStringList &left) const {
    // allowlist-source-range is the newer name; ingress-nginx reads the old one only without it.
    const Annotation *allow = find("allowlist-source-range");
    if (const Annotation *old = find("whitelist-source-range")) {
        if (allow)
            leave(session, old->keyNode, old->key,
                  QStringLiteral("allowlist-source-range is set too, and ingress-nginx reads "
                                 "this older name only without it"),
                  left);
        else
            allow = old;
    }
    const Annotation *deny = find("denylist-source-range");
    const Annotation *empty = nullptr;
    for (const auto &[annotation, list] :
         {std::pair{allow, &policy.allow}, std::pair{deny, &policy.deny}}) {
        if (!annotation)
            continue;
        bool clean = true;
        for (const QString &entry : annotation->value.split(u',')) {
            const QString text = entry.trimmed();
            if (IpBlock::parse(text.toStdString())) {
                *list << text;
                continue;
            }
            clean = false;
            session.warning(annotation->valueNode,
                            QStringLiteral("annotation '%1': '%2' is not an IP address or CIDR "
                                           "block (10.0.0.0/8, 2001:db8::/32, 192.0.2.7); left "
                                           "out (ingress-nginx refuses the whole list and "
                                           "answers 503)")
                                .arg(annotation->key, text));
        }
        if (clean) {
            ++translated;
            continue;
        }
        left << annotation->key;
        if (list->isEmpty())
            empty = annotation;
    }
    if (empty) {
        policy.allow.clear();
        policy.deny = {QStringLiteral("0.0.0.0/0"), QStringLiteral("::/0")};
        session.warning(empty->valueNode,
                        QStringLiteral("annotation '%1' has no address or block left: the "
                                       "routes deny every client (deny 0.0.0.0/0, ::/0) until "
                                       "it is fixed, as ingress-nginx does")
                            .arg(empty->key));
    }
}

// auth-type: basic with the users in a Secret (auth-secret, NAME or NAMESPACE/NAME), as an
// htpasswd file (auth-secret-type auth-file: its `auth` key) or one user per key (auth-map).
// The file is written next to the topology from the Secret once every input is read.
void IngressPolicyAnnotations::basicAuth(ImportSession &session, const QString &nameSpace,
                                         Policy &policy, int &translated, QStringList &left) const {
    const Annotation *type = find("auth-type");
    const Annotation *secret = find("auth-secret");
    const Annotation *secretType = find("auth-secret-type");
    const Annotation *realm = find("auth-realm");
    QList<const Annotation *> present;
    for (const Annotation *a : {type, secret, secretType, realm})
        if (a)
            present << a;
    if (present.isEmpty())
        return;
    const auto leaveAll = [&](const QString &why) {
        for (const Annotation *a : present)
            leave(session, a->keyNode, a->key, why, left);
    };
    const QString format = secretType ? secretType->value : QStringLiteral("auth-file");
    const QStringList name = secret ? secret->value.split(u'/') : QStringList();
    if (!type) {
        leaveAll(QStringLiteral("there is no auth-type, without which ingress-nginx asks for no "
                                "credentials"));
    } else if (type->value == u"digest") {
        leaveAll(QStringLiteral("digest authentication is not supported; the topology has "
                                "basic authentication (auth-type: basic)"));
    } else if (type->value != u"basic") {
        leaveAll(QStringLiteral("auth-type '%1' is neither basic nor digest").arg(type->value));
    } else if (!secret) {
        leaveAll(QStringLiteral("auth-type basic needs auth-secret, the Secret with the users "
                                "(ingress-nginx answers 503 without it)"));
    } else if (format != u"auth-file" && format != u"auth-map") {
        leaveAll(
            QStringLiteral("auth-secret-type '%1' is neither auth-file nor auth-map").arg(format));
    } else if (name.size() > 2 || !std::all_of(name.begin(), name.end(), isObjectName)) {
        leaveAll(QStringLiteral("auth-secret '%1' is not NAME or NAMESPACE/NAME of a Secret")
                     .arg(secret->value));
    } else {
        BasicAuth auth;
        const QString secretNamespace =
            name.size() == 2 ? ImportSession::namespaceOf(name.first()) : nameSpace;
        auth.htpasswd = htpasswdFileFor(session, secretNamespace, name.last(),
                                        format == u"auth-map", secret->valueNode);
        if (realm)
            auth.realm = realm->value;
        policy.basicAuth = auth;
        translated += int(present.size());
    }
}

// limit-rps / limit-rpm per client address with a burst of the rate times
// limit-burst-multiplier (ingress-nginx's `limit_req ... burst=N nodelay`: N requests at once
// above the rate, what the topology's `burst` means), and limit-connections (nginx's
// `limit_conn`: requests in progress per client address). 0 turns a limit off.
void IngressPolicyAnnotations::limits(ImportSession &session, Policy &policy, int &translated,
                                      QStringList &left) const {
    // The value, or -1 when it is none (reported).
    const auto number = [&](const Annotation *a) {
        bool ok = false;
        const int value = a->value.toInt(&ok);
        if (ok && value >= 0 && value <= maxLimit)
            return value;
        session.warning(a->valueNode, QStringLiteral("annotation '%1': '%2' is not a valid value "
                                                     "(a whole number from 0 to %3); not "
                                                     "translated")
                                          .arg(a->key, a->value)
                                          .arg(maxLimit));
        left << a->key;
        return -1;
    };
    const Annotation *rps = find("limit-rps");
    const Annotation *rpm = find("limit-rpm");
    const Annotation *multiplier = find("limit-burst-multiplier");
    const Annotation *connections = find("limit-connections");
    const int perSecond = rps ? number(rps) : -1;
    const int perMinute = rpm ? number(rpm) : -1;
    translated += int(perSecond >= 0) + int(perMinute >= 0);
    const Annotation *source = nullptr; // the annotation the rate limit comes from
    if (perSecond > 0 && perMinute > 0) {
        // ingress-nginx applies both; the topology has one rate limit. The smaller number lets
        // fewer requests through at once (the burst is the same multiple of either), and a
        // smaller limit-rpm is the stricter on average too.
        const bool keepRps = perSecond <= perMinute;
        source = keepRps ? rps : rpm;
        const Annotation *dropped = keepRps ? rpm : rps;
        --translated;
        leave(session, dropped->keyNode, dropped->key,
              QStringLiteral("%1 is set too: ingress-nginx applies both, the topology has one "
                             "rate limit per route and keeps %1, which lets fewer requests "
                             "through at once")
                  .arg(keepRps ? QStringLiteral("limit-rps") : QStringLiteral("limit-rpm")),
              left);
    } else if (perSecond > 0) {
        source = rps;
    } else if (perMinute > 0) {
        source = rpm;
    }
    int factor = defaultBurstMultiplier;
    if (multiplier && !source) {
        leave(session, multiplier->keyNode, multiplier->key,
              QStringLiteral("there is no limit-rps or limit-rpm for it to multiply"), left);
    } else if (multiplier) {
        // ingress-nginx falls back to 5 on a value it cannot read.
        if (const int value = number(multiplier); value >= 0) {
            factor = value;
            ++translated;
        }
    }
    if (source) {
        RateLimit limit;
        limit.requests = source == rps ? perSecond : perMinute;
        limit.per = source == rps ? RateUnit::Second : RateUnit::Minute;
        const qint64 burst = qint64(limit.requests) * factor;
        limit.burst = int(std::min<qint64>(burst, maxLimit));
        if (burst > maxLimit)
            session.warning(multiplier ? multiplier->valueNode : source->valueNode,
                            QStringLiteral("rate limit burst %1 (the rate times the burst "
                                           "multiplier) is more than the topology's %2; %2 kept")
                                .arg(burst)
                                .arg(maxLimit));
        policy.rateLimit = limit;
    }
    if (connections)
        if (const int value = number(connections); value >= 0) {
            if (value > 0)
                policy.connectionLimit = value;
            ++translated;
        }
    if (policy.rateLimit || policy.connectionLimit) {
        const Annotation *first = source ? source : connections;
        session.note(first->keyNode,
                     QStringLiteral("ingress-nginx answers 503 to a client over limit-rps, "
                                    "limit-rpm or limit-connections (unless its ConfigMap sets "
                                    "limit-req-status-code, limit-conn-status-code); the "
                                    "topology answers 429, with Retry-After for the rate"));
    }
}

} // namespace ingress::kubeimport
