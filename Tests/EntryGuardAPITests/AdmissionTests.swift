@testable import EntryGuardAPI
import Testing

/// The places of `--concurrency` (`Admission`): a change waiting out a 429 lends its place, and
/// takes it back ahead of any new change. A broken hand-over would leave a test waiting, hence the
/// time limit.
@Suite("Admission", .timeLimit(.minutes(1)))
struct AdmissionTests {
    @Test("no more places than given; a place stepped aside is taken by the next change")
    func places() {
        let admission = Admission(places: 2)
        let first = admission.take()
        let second = admission.take()
        #expect(first != nil && second != nil)
        #expect(admission.take() == nil)
        first?.stepAside()
        let third = admission.take()
        #expect(third != nil)
        #expect(admission.take() == nil)
        // Stepping aside twice, or leaving after stepping aside, frees one place only.
        second?.stepAside()
        second?.leave()
        #expect(admission.take() != nil)
        #expect(admission.take() == nil)
    }

    @Test("a change taking its place back goes ahead of new ones, and waits for a free place")
    func takeBackFirst() async {
        let admission = Admission(places: 1)
        let waiting = admission.take()!
        waiting.stepAside()
        let newer = admission.take()!
        let back = Task { await waiting.takeBack() }
        while admission.returningCount == 0 { await Task.yield() }
        // The place the newer change gives back goes to the one returning, not to a new change.
        newer.leave()
        await back.value
        #expect(admission.take() == nil)
        waiting.leave()
        #expect(admission.take() != nil)
    }

    @Test("the executor hears of a place stepped aside, and its watch can be ended")
    func watch() async {
        let admission = Admission(places: 1)
        let place = admission.take()!
        let heard = Task { await admission.nextFreed() }
        place.stepAside()
        #expect(await heard.value)
        let ended = Task { await admission.nextFreed() }
        admission.endWatch()
        #expect(await ended.value == false)
        // Once ended, a later watch ends at once instead of waiting for ever.
        #expect(await admission.nextFreed() == false)
    }
}
