import EventLoopExecutor
import NIOCore
import NIOPosix
import Testing

/// `EventLoopExecutor`: a task that prefers it runs on the group's loops, and goes on on the loop
/// of the thread that woke it — the loop of the connection whose answer it awaited.
@Suite("EventLoopExecutor")
struct EventLoopExecutorTests {
    /// The loop a task runs on now, by identity; nil off the group's threads.
    static func currentLoop() -> ObjectIdentifier? {
        MultiThreadedEventLoopGroup.currentEventLoop.map { ObjectIdentifier($0 as AnyObject) }
    }

    @Test("A task woken from a loop goes on on that loop, every time, on each loop of the group")
    func staysOnTheWakingLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let executor = EventLoopExecutor(group: group)
        let loops = [group.next(), group.next()]
        #expect(ObjectIdentifier(loops[0] as AnyObject) != ObjectIdentifier(loops[1] as AnyObject))
        let resumedOn: [ObjectIdentifier?] = await withTaskExecutorPreference(executor) {
            var seen: [ObjectIdentifier?] = [Self.currentLoop()]
            for round in 0..<20 {
                let loop = loops[round % 2]
                // A future completed on `loop`, as a connection completes a response on its own.
                try? await loop.submit {}.get()
                seen.append(Self.currentLoop())
            }
            return seen
        }
        #expect(resumedOn[0] != nil, "a task that prefers the executor starts on one of the group's loops")
        let expected = (0..<20).map { ObjectIdentifier(loops[$0 % 2] as AnyObject) }
        #expect(Array(resumedOn.dropFirst()) == expected)
        try await group.shutdownGracefully()
    }

    @Test("Its sleep wakes the task on the loop it slept on, after at least the time asked")
    func sleepsOnItsLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let executor = EventLoopExecutor(group: group)
        let (before, after, slept) = await withTaskExecutorPreference(executor) {
            let before = Self.currentLoop()
            let start = ContinuousClock.now
            await executor.sleep(for: .milliseconds(30))
            return (before, Self.currentLoop(), ContinuousClock.now - start)
        }
        #expect(before != nil)
        #expect(after == before)
        #expect(slept >= .milliseconds(30))
        try await group.shutdownGracefully()
    }

    @Test("Actors keep their isolation on it: 2 x 2,000 increments from tasks on both loops add up")
    func actorsStayIsolated() async throws {
        actor Counter {
            var value = 0
            func increment() { value += 1 }
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let executor = EventLoopExecutor(group: group)
        let counter = Counter()
        await withTaskGroup(of: Void.self) { tasks in
            for index in 0..<2 {
                let loop = group.next()
                tasks.addTask(executorPreference: executor) {
                    for _ in 0..<2_000 {
                        await counter.increment()
                        if index == 0 { try? await loop.submit {}.get() }
                    }
                }
            }
        }
        #expect(await counter.value == 4_000)
        try await group.shutdownGracefully()
    }
}
