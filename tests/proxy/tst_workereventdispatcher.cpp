// The worker threads' event dispatcher: what Qt code on those threads relies on (posted and
// blocking calls, deleteLater, quit, timers, socket notifiers) and what it is for: a listening
// socket watched by several idle workers wakes one of them per connection.
#include "proxy/iohandler.h"
#include "proxy/workereventdispatcher.h"

#include <atomic>
#include <memory>
#include <QBasicTimer>
#include <QFile>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <sys/socket.h>
#include <unistd.h>

using ingress::proxy::IoHandler;
using ingress::proxy::WorkerEventDispatcher;

namespace {

// A thread running a WorkerEventDispatcher, and an object living there to run code on it.
class DispatcherThread {
public:
    DispatcherThread() {
        m_thread.setEventDispatcher(new WorkerEventDispatcher);
        m_context.moveToThread(&m_thread);
        m_thread.start();
    }
    ~DispatcherThread() { stop(); }
    bool stop() {
        m_thread.quit();
        return m_thread.wait(5000);
    }
    template <typename F> void run(F f) {
        QMetaObject::invokeMethod(&m_context, f, Qt::BlockingQueuedConnection);
    }
    QObject *context() { return &m_context; }
    QThread &thread() { return m_thread; }
    WorkerEventDispatcher *dispatcher() {
        return static_cast<WorkerEventDispatcher *>(m_thread.eventDispatcher());
    }

private:
    QThread m_thread;
    QObject m_context;
};

// Counts timer events and stops after `limit` of them.
class TimerTarget : public QObject {
public:
    std::atomic<int> events{0};
    int limit = 1 << 30;
    QBasicTimer timer;

protected:
    void timerEvent(QTimerEvent *event) override {
        if (event->timerId() != timer.timerId())
            return;
        if (++events >= limit)
            timer.stop();
    }
};

// Accepts one connection per call; counts calls that found the queue empty.
class CountingAcceptor final : public IoHandler {
public:
    explicit CountingAcceptor(int listener) : m_listener(listener) {}
    void ioReadable() override {
        const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            ::close(fd);
            ++accepted;
        } else {
            ++empty;
        }
    }
    void ioWritable() override {}
    std::atomic<int> accepted{0};
    std::atomic<int> empty{0};

private:
    int m_listener;
};

// A thread's voluntary context switches: how often it went to sleep (and so was woken).
long switches(pid_t tid) {
    QFile status(QStringLiteral("/proc/self/task/%1/status").arg(tid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("voluntary_ctxt_switches:"))
            return line.mid(24).trimmed().toLong();
    }
    return -1;
}

} // namespace

class TestWorkerEventDispatcher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void postedAndBlockingCalls();
    void deleteLaterAndQuit();
    void repeatingTimer_data();
    void repeatingTimer();
    void singleShotTimers();
    void timerStoppedAndStartedFromItsEvent();
    void socketNotifier();
    void wakeUpsPerConnection_data();
    void wakeUpsPerConnection();
};

void TestWorkerEventDispatcher::postedAndBlockingCalls() {
    DispatcherThread t;
    std::atomic<int> queued{0};
    for (int i = 0; i < 1000; ++i)
        QMetaObject::invokeMethod(
            t.context(), [&] { ++queued; }, Qt::QueuedConnection);
    QThread *ranOn = nullptr;
    t.run([&] { ranOn = QThread::currentThread(); });
    QCOMPARE(ranOn, &t.thread());
    QCOMPARE(queued.load(), 1000); // posted before the blocking call: delivered in order
}

void TestWorkerEventDispatcher::deleteLaterAndQuit() {
    DispatcherThread t;
    QPointer<QObject> object;
    t.run([&] {
        object = new QObject;
        object->deleteLater();
    });
    QTRY_VERIFY_WITH_TIMEOUT(object.isNull(), 2000);
    QVERIFY(t.stop());
}

void TestWorkerEventDispatcher::repeatingTimer_data() {
    QTest::addColumn<Qt::TimerType>("type");
    QTest::addColumn<int>("interval");
    QTest::newRow("precise 5 ms") << Qt::PreciseTimer << 5;
    QTest::newRow("coarse 20 ms") << Qt::CoarseTimer << 20;
    QTest::newRow("very coarse 0 ms") << Qt::VeryCoarseTimer << 0;
}

void TestWorkerEventDispatcher::repeatingTimer() {
    QFETCH(Qt::TimerType, type);
    QFETCH(int, interval);
    DispatcherThread t;
    TimerTarget *target = nullptr;
    t.run([&] {
        target = new TimerTarget;
        target->limit = 5;
        target->timer.start(interval, type, target);
    });
    QTRY_COMPARE_WITH_TIMEOUT(target->events.load(), 5, 5000);
    QTest::qWait(3 * interval + 20);
    QCOMPARE(target->events.load(), 5); // stopped in its fifth event: no sixth
    t.run([&] { delete target; });
}

void TestWorkerEventDispatcher::singleShotTimers() {
    DispatcherThread t;
    std::atomic<int> fired{0};
    int remaining = -2;
    t.run([&] {
        QTimer::singleShot(30, t.context(), [&] { ++fired; });
        QTimer::singleShot(0, t.context(), [&] { ++fired; });
        auto *timer = new QTimer(t.context());
        timer->start(10000);
        remaining = timer->remainingTime();
        timer->deleteLater(); // stopped by its destruction
    });
    QVERIFY2(remaining > 9000 && remaining <= 10000, qPrintable(QString::number(remaining)));
    QTRY_COMPARE_WITH_TIMEOUT(fired.load(), 2, 2000);
    QTest::qWait(100);
    QCOMPARE(fired.load(), 2);
}

void TestWorkerEventDispatcher::timerStoppedAndStartedFromItsEvent() {
    // A timer event that stops its own timer and starts another: the dispatcher must not touch
    // the stopped one again and must fire the new one.
    DispatcherThread t;
    std::atomic<int> first{0}, second{0};
    t.run([&] {
        auto *a = new QTimer(t.context());
        auto *b = new QTimer(t.context());
        a->setInterval(5);
        b->setInterval(5);
        connect(a, &QTimer::timeout, t.context(), [&, a, b] {
            ++first;
            delete a;
            b->start();
        });
        connect(b, &QTimer::timeout, t.context(), [&, b] {
            if (++second == 3)
                b->stop();
        });
        a->start();
    });
    QTRY_COMPARE_WITH_TIMEOUT(second.load(), 3, 2000);
    QTest::qWait(50);
    QCOMPARE(first.load(), 1);
    QCOMPARE(second.load(), 3);
}

void TestWorkerEventDispatcher::socketNotifier() {
    int pair[2];
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) == 0);
    DispatcherThread t;
    std::atomic<int> reads{0}, writes{0};
    QSocketNotifier *reader = nullptr;
    QSocketNotifier *writer = nullptr;
    t.run([&] {
        reader = new QSocketNotifier(pair[0], QSocketNotifier::Read, t.context());
        connect(reader, &QSocketNotifier::activated, t.context(), [&] {
            char buffer[64];
            while (::read(pair[0], buffer, sizeof buffer) > 0) {
            }
            ++reads;
        });
        // A writable socket: once activated, switched off (level-triggered otherwise).
        writer = new QSocketNotifier(pair[0], QSocketNotifier::Write, t.context());
        connect(writer, &QSocketNotifier::activated, t.context(), [&] {
            ++writes;
            writer->setEnabled(false);
        });
    });
    QTRY_COMPARE_WITH_TIMEOUT(writes.load(), 1, 2000);
    QCOMPARE(reads.load(), 0);
    QCOMPARE(::write(pair[1], "x", 1), 1);
    QTRY_COMPARE_WITH_TIMEOUT(reads.load(), 1, 2000);
    t.run([&] { reader->setEnabled(false); });
    QCOMPARE(::write(pair[1], "y", 1), 1);
    QTest::qWait(100);
    QCOMPARE(reads.load(), 1); // disabled: not called
    t.run([&] { reader->setEnabled(true); });
    QTRY_COMPARE_WITH_TIMEOUT(reads.load(), 2, 2000); // the byte waiting meanwhile
    t.run([&] {
        delete reader;
        delete writer;
    });
    ::close(pair[0]);
    ::close(pair[1]);
}

void TestWorkerEventDispatcher::wakeUpsPerConnection_data() {
    QTest::addColumn<int>("exclusive");
    QTest::addColumn<int>("shared");
    QTest::addColumn<int>("expected"); // threads woken per connection
    QTest::newRow("two exclusive: one wakes") << 2 << 0 << 1;
    QTest::newRow("three exclusive: one wakes") << 3 << 0 << 1;
    QTest::newRow("one shared, two exclusive: two wake") << 2 << 1 << 2;
}

void TestWorkerEventDispatcher::wakeUpsPerConnection() {
    // Every thread idle in epoll_wait(): a connection wakes each thread that added the socket
    // shared and one of those that added it exclusive; with Qt's own dispatchers (ppoll) all
    // would wake. Counted as the threads' voluntary context switches.
    QFETCH(int, exclusive);
    QFETCH(int, shared);
    QFETCH(int, expected);
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.pauseAccepting();
    const int fd = int(server.socketDescriptor());
    std::vector<std::unique_ptr<DispatcherThread>> threads;
    std::vector<std::unique_ptr<CountingAcceptor>> acceptors;
    std::vector<pid_t> tids;
    for (int i = 0; i < exclusive + shared; ++i) {
        threads.push_back(std::make_unique<DispatcherThread>());
        acceptors.push_back(std::make_unique<CountingAcceptor>(fd));
        bool added = false;
        pid_t tid = 0;
        DispatcherThread &t = *threads.back();
        CountingAcceptor *acceptor = acceptors.back().get();
        t.run([&] {
            added = t.dispatcher()->addListener(fd, acceptor, i < exclusive);
            tid = ::gettid();
        });
        QVERIFY(added);
        tids.push_back(tid);
    }
    const auto accepted = [&] {
        int n = 0;
        for (const auto &a : acceptors)
            n += a->accepted;
        return n;
    };
    const auto wakeUps = [&] {
        long n = 0;
        for (pid_t tid : tids)
            n += switches(tid);
        return n;
    };

    constexpr int connections = 20;
    QTest::qWait(20); // all back in epoll_wait()
    const long before = wakeUps();
    for (int i = 0; i < connections; ++i) {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(client.waitForConnected(3000));
        QTRY_COMPARE_WITH_TIMEOUT(accepted(), i + 1, 3000);
        QTest::qWait(10); // all back in epoll_wait() before the next one
    }
    const double perConnection = double(wakeUps() - before) / connections;
    QVERIFY2(perConnection < expected + 0.5,
             qPrintable(QStringLiteral("%1 wake-ups per connection").arg(perConnection)));
    for (std::size_t i = 0; i < threads.size(); ++i)
        threads[i]->run([&] { threads[i]->dispatcher()->removeListener(fd); });
}

QTEST_GUILESS_MAIN(TestWorkerEventDispatcher)
#include "tst_workereventdispatcher.moc"
