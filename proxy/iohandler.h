#pragma once

namespace ingress::proxy {

// What an IoWatch calls back: its descriptor is readable (or at EOF, or failed) / writable.
class IoHandler {
public:
    virtual void ioReadable() = 0;
    virtual void ioWritable() = 0;

protected:
    ~IoHandler() = default;
};

} // namespace ingress::proxy
