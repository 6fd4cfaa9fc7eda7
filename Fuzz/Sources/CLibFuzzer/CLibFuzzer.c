// Declarations only (include/CLibFuzzer.h); SwiftPM needs a source file in a C target.
#include "CLibFuzzer.h"
