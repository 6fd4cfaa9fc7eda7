import Parallel

/// What a command is done with but does not free: a plan of 100,000 bindings and the states it was
/// made from are hundreds of thousands of objects, which took ~3 ms to free one by one at the end of
/// `plan` and which the kernel reclaims at exit in one go (as compilers skip their own frees on the
/// way out: clang's `-disable-free`). Kept in a global, which Swift never deinitializes.
enum KeptUntilExit {
    private static let values = Locked<[any Sendable]>([])

    static func keep(_ value: some Sendable) {
        values.withLock { $0.append(value) }
    }
}
