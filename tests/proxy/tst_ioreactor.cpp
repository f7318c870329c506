// IoReactor / IoWatch on real socket pairs: the level-triggered behaviour the streams rely on,
// and the lifetimes a proxy produces (watches destroyed inside callbacks, descriptors closed
// and their numbers reused, watches outliving the reactor).
#include "proxy/iohandler.h"
#include "proxy/ioreactor.h"
#include "proxy/iowatch.h"

#include <functional>
#include <memory>
#include <QTest>
#include <QTimer>
#include <sys/socket.h>
#include <unistd.h>

using namespace ingress::proxy;

namespace {

// A connected AF_UNIX stream pair, non-blocking, closed on destruction.
struct SocketPair {
    int ours = -1;
    int peer = -1;
    SocketPair() {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            ours = fds[0];
            peer = fds[1];
        }
    }
    ~SocketPair() {
        closeOurs();
        if (peer >= 0)
            ::close(peer);
    }
    void closeOurs() {
        if (ours >= 0)
            ::close(ours);
        ours = -1;
    }
    void send(const QByteArray &bytes) const {
        QCOMPARE(::write(peer, bytes.constData(), std::size_t(bytes.size())), bytes.size());
    }
};

// Counts callbacks; reads `chunk` bytes per readable callback (0: reads nothing), reporting a
// drained kernel the way the streams do.
class Handler final : public IoHandler {
public:
    Handler(IoReactor &reactor, int fd) : watch(reactor, this), m_fd(fd) { watch.attach(fd); }

    void ioReadable() override {
        ++readable;
        if (onReadable && !onReadable())
            return; // it destroyed this handler
        if (chunk <= 0)
            return;
        char buffer[256];
        const ssize_t n = ::read(m_fd, buffer, std::size_t(chunk));
        if (n > 0)
            received.append(buffer, qsizetype(n));
        if (n == 0) { // EOF: stays readable, so stop watching (as the streams do)
            eof = true;
            watch.watchRead(false);
        } else if (n < chunk) {
            watch.readDrained();
        }
    }
    void ioWritable() override { ++writable; }

    IoWatch watch;
    int chunk = 256;
    int readable = 0;
    int writable = 0;
    bool eof = false;
    QByteArray received;
    std::function<bool()> onReadable; // false: this handler is gone

private:
    int m_fd;
};

} // namespace

class TestIoReactor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsUntilDrained_data();
    void readsUntilDrained();
    void silentWhileNotWatching();
    void watchingAReadySocketCallsBack();
    void writableOnlyWhenWatched();
    void watchDestroyedByAnotherCallback();
    void watchDestroyedInItsOwnCallback();
    void detachBeforeCloseKeepsReusedNumberWatched();
    void watchOutlivesReactor();
    void hangUpWakesReader();
    void endAfterBytesIsNotLost();
    void freshWatchMayBeRead();
};

void TestIoReactor::readsUntilDrained_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("chunk");
    QTest::addColumn<int>("callbacks"); // a chunk-sized read may have left more: one more call
    QTest::newRow("one short read") << 100 << 256 << 1;
    QTest::newRow("several chunks") << 1000 << 100 << 11;
    QTest::newRow("exact multiple") << 512 << 256 << 3;
}

void TestIoReactor::readsUntilDrained() {
    QFETCH(int, size);
    QFETCH(int, chunk);
    QFETCH(int, callbacks);
    IoReactor reactor;
    SocketPair pair;
    Handler h(reactor, pair.ours);
    h.chunk = chunk;
    h.watch.watchRead(true);
    pair.send(QByteArray(size, 'x'));
    // Level-triggered from userland state: called again, pass after pass, until drained,
    // although the edge came only once.
    QTRY_COMPARE(h.received.size(), size);
    QTest::qWait(50);
    QCOMPARE(h.readable, callbacks);
}

void TestIoReactor::silentWhileNotWatching() {
    IoReactor reactor;
    SocketPair pair;
    Handler h(reactor, pair.ours);
    pair.send("pipelined");
    QTest::qWait(50);
    QCOMPARE(h.readable, 0);
    // The edge has passed; switching the watch on must still deliver what is waiting.
    h.watch.watchRead(true);
    QTRY_COMPARE(h.received, QByteArray("pipelined"));
}

void TestIoReactor::watchingAReadySocketCallsBack() {
    // A user that stopped reading (backpressure) switches the watch off, then on again later
    // from outside any callback (a timer here): the bytes still waiting are delivered.
    IoReactor reactor;
    SocketPair pair;
    Handler h(reactor, pair.ours);
    h.chunk = 0;
    h.onReadable = [&h] {
        h.watch.watchRead(false);
        return true;
    };
    h.watch.watchRead(true);
    pair.send("abc");
    QTRY_COMPARE(h.readable, 1);
    QTest::qWait(30);
    QCOMPARE(h.readable, 1); // not spinning while switched off
    h.chunk = 256;
    h.onReadable = nullptr;
    QTimer::singleShot(0, &reactor, [&h] { h.watch.watchRead(true); });
    QTRY_COMPARE(h.received, QByteArray("abc"));
}

void TestIoReactor::writableOnlyWhenWatched() {
    IoReactor reactor;
    SocketPair pair;
    Handler h(reactor, pair.ours);
    QTest::qWait(30);
    QCOMPARE(h.writable, 0);
    h.watch.watchWrite(true);
    QTRY_VERIFY(h.writable > 0);
    h.watch.watchWrite(false);
    const int seen = h.writable;
    QTest::qWait(30);
    QCOMPARE(h.writable, seen);
}

void TestIoReactor::watchDestroyedByAnotherCallback() {
    // Both become readable in the same epoll batch; whichever is called first destroys the
    // other, which must then not be called.
    IoReactor reactor;
    SocketPair a, b;
    auto ha = std::make_unique<Handler>(reactor, a.ours);
    auto hb = std::make_unique<Handler>(reactor, b.ours);
    int calls = 0;
    ha->onReadable = [&] {
        ++calls;
        hb.reset();
        return true;
    };
    hb->onReadable = [&] {
        ++calls;
        ha.reset();
        return true;
    };
    ha->watch.watchRead(true);
    hb->watch.watchRead(true);
    a.send("1");
    b.send("2");
    QTRY_VERIFY(!ha || !hb);
    QTest::qWait(30);
    QCOMPARE(calls, 1);
}

void TestIoReactor::watchDestroyedInItsOwnCallback() {
    IoReactor reactor;
    SocketPair pair;
    auto h = std::make_unique<Handler>(reactor, pair.ours);
    h->chunk = 0; // not drained: a live watch would be called again
    h->onReadable = [&h] {
        h.reset();
        return false;
    };
    h->watch.watchRead(true);
    pair.send("x");
    QTRY_VERIFY(!h);
    QTest::qWait(30);
}

void TestIoReactor::detachBeforeCloseKeepsReusedNumberWatched() {
    // A stream closes its descriptor and is destroyed later; meanwhile a new connection gets
    // the same number. The old watch leaving must not unregister the new one.
    IoReactor reactor;
    SocketPair first;
    auto old = std::make_unique<Handler>(reactor, first.ours);
    old->watch.detach();
    const int number = first.ours;
    first.closeOurs();
    SocketPair second;
    QCOMPARE(second.ours, number); // the lowest free number: the same
    Handler fresh(reactor, second.ours);
    fresh.watch.watchRead(true);
    old.reset();
    second.send("still watched");
    QTRY_COMPARE(fresh.received, QByteArray("still watched"));
}

void TestIoReactor::watchOutlivesReactor() {
    SocketPair pair;
    auto reactor = std::make_unique<IoReactor>();
    Handler h(*reactor, pair.ours);
    h.watch.watchRead(true);
    reactor.reset(); // the worker's shutdown order: the watch goes later, inert
    h.watch.watchRead(true);
    h.watch.detach();
    QVERIFY(!h.watch.attach(pair.ours));
}

void TestIoReactor::hangUpWakesReader() {
    IoReactor reactor;
    SocketPair pair;
    Handler h(reactor, pair.ours);
    h.watch.watchRead(true);
    ::shutdown(pair.peer, SHUT_WR);
    QTRY_VERIFY(h.readable > 0);
}

void TestIoReactor::endAfterBytesIsNotLost() {
    // Bytes and the peer's FIN arrive before the reactor looks: one edge for both. The short
    // read that takes the bytes must not hide the EOF behind them.
    IoReactor reactor;
    SocketPair pair;
    Handler h(reactor, pair.ours);
    pair.send("last words");
    ::shutdown(pair.peer, SHUT_WR);
    h.watch.watchRead(true);
    QTRY_VERIFY(h.eof);
    QCOMPARE(h.received, QByteArray("last words"));
}

void TestIoReactor::freshWatchMayBeRead() {
    // A connection accepted with its request already in the kernel: the first read must not
    // be skipped for want of an event, nor cause a callback of its own.
    IoReactor reactor;
    SocketPair pair;
    pair.send("GET");
    Handler h(reactor, pair.ours);
    QVERIFY(h.watch.readReady());
    h.watch.readDrained();
    QVERIFY(!h.watch.readReady());
    // The registration's event still reports the bytes.
    h.watch.watchRead(true);
    QTRY_COMPARE(h.received, QByteArray("GET"));
    QCOMPARE(h.readable, 1);
}

QTEST_GUILESS_MAIN(TestIoReactor)
#include "tst_ioreactor.moc"
