// Must not compile: the engine links the routing snapshot, not the document's YAML loader.
#include "model/yaml/topologyloader.h"
