import NIOCore

/// A task executor on an event-loop group that runs each job on the loop of the thread that
/// enqueues it (else on any loop of the group). As a task's preferred executor, a task woken by
/// its connection (a response, a request) goes on on that connection's thread, and the request it
/// sends next starts there too; on the default executor each of those steps is a hop to another
/// thread, and waking an idle thread is what a request's turnaround is made of once the work is
/// small (~0.2 ms a wake on the 2-core VM of the benchmarks).
///
/// Only for tasks whose work between waits is short: a job holds its loop's I/O while it runs.
/// Actors keep their isolation (a default actor runs its jobs on the task's preferred executor).
public final class EventLoopExecutor: TaskExecutor, Sendable {
    public let group: any EventLoopGroup

    public init(group: any EventLoopGroup) {
        self.group = group
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        group.any().execute { job.runSynchronously(on: executor) }
    }

    /// Waits `duration` on the timer of the calling thread's loop, so the task wakes where it waited.
    public func sleep(for duration: Duration) async {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        try? await group.any().scheduleTask(in: .nanoseconds(nanoseconds)) {}.futureResult.get()
    }
}
