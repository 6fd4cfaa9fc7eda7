import CLibFuzzer
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Hands control to libFuzzer, which parses its own flags (corpus folders, -max_total_time, -dict …)
// and calls the entry point on each input.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzPolicyLoader(data, size) })
