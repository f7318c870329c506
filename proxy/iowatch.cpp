#include "proxy/iowatch.h"

#include "proxy/ioreactor.h"

namespace ingress::proxy {

IoWatch::IoWatch(IoReactor &reactor, IoHandler *handler) : m_reactor(&reactor), m_handler(handler) {
}

IoWatch::~IoWatch() {
    detach();
}

bool IoWatch::attach(int descriptor) {
    detach();
    if (!m_reactor || !m_reactor->add(this, descriptor))
        return false;
    m_fd = descriptor;
    // The registration reports what is ready now; until the first read, a read may still try
    // (an accepted connection's request is often in the kernel already).
    m_readReady = m_writeReady = m_hungUp = false;
    m_readUnknown = true;
    return true;
}

void IoWatch::detach() {
    if (m_fd >= 0 && m_reactor)
        m_reactor->remove(this);
    m_fd = -1;
    m_wantRead = m_wantWrite = false;
}

void IoWatch::watchRead(bool on) {
    m_wantRead = on;
    if (on && m_readReady && !m_queued && m_fd >= 0 && m_reactor)
        m_reactor->schedule(this);
}

void IoWatch::markReadable() {
    m_readReady = true;
    watchRead(m_wantRead); // called back if watched
}

void IoWatch::watchWrite(bool on) {
    m_wantWrite = on;
    if (on && m_writeReady && !m_queued && m_fd >= 0 && m_reactor)
        m_reactor->schedule(this);
}

} // namespace ingress::proxy
