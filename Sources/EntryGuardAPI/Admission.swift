import Parallel

/// The places of apply's `--concurrency`, held by the changes being worked on. A change waiting out
/// a 429 (the server's `Retry-After`, or a backoff of ours) steps aside and takes its place back
/// after the wait: a token bucket answers `Retry-After: 1`, and fifteen refused requests holding
/// fifteen of sixteen places for that second would send at a sixteenth of the rate the server
/// allows, and the pacer would learn that starved rate as the server's.
///
/// Only a change holding a place sends: the one that stepped aside takes a place back before its
/// retry goes, so `--concurrency` still bounds the requests in flight. A 5xx or a connection
/// failure keeps its place: an overloaded server is not sent more in the meantime.
///
/// The executor takes places as it starts changes (`take`), and is woken when a change steps aside
/// (`nextFreed`) to start another in its place; the change waiting out its 429 takes a place back
/// before anything new starts.
public final class Admission: Sendable {
    private struct State {
        var free: Int
        /// Changes that stepped aside and wait to take a place back, in the order they came.
        var returning: [CheckedContinuation<Void, Never>] = []
        /// The executor, waiting to hear that a place was freed (true) or that it should stop (false).
        var watcher: CheckedContinuation<Bool, Never>?
        var freedUnheard = false
        var watchEnded = false
    }

    private let state: Locked<State>

    public init(places: Int) {
        state = Locked(State(free: max(places, 1)))
    }

    /// How many changes wait to take a place back.
    var returningCount: Int { state.withLock { $0.returning.count } }

    /// A free place, if one is free and no change waits to take one back.
    public func take() -> Place? {
        let taken = state.withLock { state -> Bool in
            guard state.free > 0, state.returning.isEmpty else { return false }
            state.free -= 1
            return true
        }
        return taken ? Place(in: self) : nil
    }

    /// Waits until a place is given back (true), or `endWatch` is called (false).
    public func nextFreed() async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let now = state.withLock { state -> Bool? in
                if state.watchEnded { return false }
                if state.freedUnheard {
                    state.freedUnheard = false
                    return true
                }
                state.watcher = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Ends the `nextFreed` wait, and any later one, with false.
    public func endWatch() {
        state.withLock { state in
            state.watchEnded = true
            defer { state.watcher = nil }
            return state.watcher
        }?.resume(returning: false)
    }

    /// Gives a place back: to the first change waiting to take one back, else it is free and the
    /// executor hears of it.
    fileprivate func giveBack() {
        enum Next { case returning(CheckedContinuation<Void, Never>), watcher(CheckedContinuation<Bool, Never>), none }
        let next = state.withLock { state -> Next in
            if !state.returning.isEmpty { return .returning(state.returning.removeFirst()) }
            state.free += 1
            guard let watcher = state.watcher else {
                state.freedUnheard = true
                return .none
            }
            state.watcher = nil
            return .watcher(watcher)
        }
        switch next {
        case .returning(let continuation): continuation.resume()
        case .watcher(let continuation): continuation.resume(returning: true)
        case .none: break
        }
    }

    /// Waits for a place, ahead of any new change.
    fileprivate func takeBack() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.free > 0, state.returning.isEmpty {
                    state.free -= 1
                    return true
                }
                state.returning.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// The place of the change the current task works on, if it holds one of `Admission`'s: only in
    /// the task that runs the change (`withPlace`). Every task started inside inherits the
    /// task-local value, and a login's renewal, started by the change that found the token old, is
    /// awaited by every change that needs the token: had the renewal's refresh lent that place on a
    /// 429, and then waited for a place back, it would have waited on the changes waiting for it
    /// (CI hung so once).
    static var held: Place? {
        guard let holder, holder.task == currentTask() else { return nil }
        return holder.place
    }

    /// Runs `body`, the work of the change holding `place`, in the current task.
    public static func withPlace<Value>(_ place: Place, _ body: () async -> Value) async -> Value {
        await $holder.withValue(Holder(place: place, task: currentTask())) { await body() }
    }

    /// A place and the task that took it.
    struct Holder: Sendable {
        var place: Place
        var task: Int?
    }

    @TaskLocal private static var holder: Holder?

    /// Which task this is (its address, hashed): a task compares it with the one a holder recorded,
    /// which is alive as long as a task it started is.
    private static func currentTask() -> Int? {
        withUnsafeCurrentTask { $0?.hashValue }
    }

    /// One change's place: held, or set aside while it waits to be retried.
    public final class Place: Sendable {
        private let admission: Admission
        private let holding = Locked(true)

        fileprivate init(in admission: Admission) {
            self.admission = admission
        }

        /// Gives the place back while the change waits.
        func stepAside() {
            if holding.withLock({ held in defer { held = false }; return held }) { admission.giveBack() }
        }

        /// Takes a place again after the wait.
        func takeBack() async {
            guard !holding.withLock({ $0 }) else { return }
            await admission.takeBack()
            holding.withLock { $0 = true }
        }

        /// The change is done: its place, if held, goes to the next.
        public func leave() {
            stepAside()
        }
    }
}
