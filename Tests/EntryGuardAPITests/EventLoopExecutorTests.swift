import EventLoopExecutor
import NIOCore
import NIOPosix
import Testing

/// `EventLoopExecutor`: a task that prefers it runs on the group's loops, on the loop of the thread
/// that enqueued its job — the loop of the connection whose answer woke it.
@Suite("EventLoopExecutor")
struct EventLoopExecutorTests {
    /// The loop a task runs on now, by identity; nil off the group's threads.
    static func currentLoop() -> ObjectIdentifier? {
        MultiThreadedEventLoopGroup.currentEventLoop.map { ObjectIdentifier($0 as AnyObject) }
    }

    @Test("A job enqueued from a loop runs on that loop; from elsewhere, on one of the group's")
    func runsWhereEnqueued() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let executor = EventLoopExecutor(group: group)
        let loops = [group.next(), group.next()]
        #expect(ObjectIdentifier(loops[0] as AnyObject) != ObjectIdentifier(loops[1] as AnyObject))
        // Tasks started from a loop's thread: their first job is enqueued there, as a response's
        // continuation is. The order (0, 0, 1, 1, …) is not the group's round robin.
        let order = (0..<16).map { ($0 / 2) % 2 }
        var ranOn: [ObjectIdentifier?] = []
        for index in order {
            let loop = loops[index]
            let started = try await loop.submit {
                Task(executorPreference: executor) { Self.currentLoop() }
            }.get()
            ranOn.append(await started.value)
        }
        #expect(ranOn == order.map { ObjectIdentifier(loops[$0] as AnyObject) })
        // From a thread of no loop of the group: on one of them.
        let elsewhere = await withTaskExecutorPreference(executor) { Self.currentLoop() }
        #expect(loops.map { ObjectIdentifier($0 as AnyObject) }.contains(elsewhere))
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
}
