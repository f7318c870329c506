// Must not compile: validation reads no file and links no OpenSSL; its caller reads certificates.
#include "model/certs/certificatereader.h"
