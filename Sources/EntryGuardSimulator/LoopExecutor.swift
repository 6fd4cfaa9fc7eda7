import EventLoopExecutor
import NIOCore
import NIOPosix

/// The simulator's threads: one event loop per core runs both the server's connections and, as
/// their preferred task executor, every task of the simulator, so a request's bytes, its handler,
/// its latency timer and its answer stay on one thread (`EventLoopExecutor`). With Hummingbird's
/// tasks on the default executor, a request at 20 ms of latency took 21.4–21.6 ms as a plain Python
/// client saw it (one connection, or 16 or 4 in flight); on the loops, 21.1 ms. Of what is left,
/// ~0.5 ms is this VM waking idle threads: a bare socket ping-pong between two threads with a 20 ms
/// sleep takes 20.46 ms.
final class LoopExecutor: Sendable {
    let group: MultiThreadedEventLoopGroup
    let executor: EventLoopExecutor

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        executor = EventLoopExecutor(group: group)
    }

    func sleep(for duration: Duration) async {
        await executor.sleep(for: duration)
    }

    /// Stops the threads once nothing runs on them (the server has closed).
    func shutdown() {
        group.shutdownGracefully { _ in }
    }
}
