#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator set for a process that reads a large policy and live state once and exits.
///
/// By default glibc raises its mapping threshold to the size of the first large block freed (the
/// live-state file's bytes, megabytes), so every later large buffer — role arrays, the plan's
/// pieces of text — comes from the heap and stays resident once freed: a plan of 100,000 bindings
/// peaked ~4 MB higher. A fixed threshold keeps blocks of 128 KiB and more mapped, and unmapped
/// when freed. Set here, in the executable, only: the libraries and the test process keep glibc's
/// defaults (in the test process a lower threshold made a latent fault in Foundation's
/// `Process.run` show up as a crash).
enum AllocatorTuning {
    static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not import.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(-3, 128 << 10)  // M_MMAP_THRESHOLD
        #endif
    }
}
