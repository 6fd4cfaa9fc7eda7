@testable import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// The limiter shapes of the simulator (README, "The simulator"): each rule on explicit times (seconds), then the wiring over HTTP.
@Suite(.timeLimit(.minutes(5))) struct LimiterTests {
    /// The verdicts for requests at `times`, one in flight each.
    static func verdicts(_ limiter: inout RateLimiter, _ times: [Double]) -> [RateLimiter.Verdict] {
        times.map { limiter.admit(at: $0, inFlight: 1) }
    }

    @Test func tokenBucketLetsTheBurstThroughThenRefillsAtTheRate() {
        var limiter = RateLimiter(shape: .tokenBucket, rate: 10, burst: 3)
        // A burst of five at once: three tokens, then refusals saying when the next token comes.
        #expect(Self.verdicts(&limiter, [0, 0, 0, 0, 0]) == [.admit, .admit, .admit, .refuse(retryAfter: 1), .refuse(retryAfter: 1)])
        // 0.1 s later one token is back, and only one.
        #expect(Self.verdicts(&limiter, [0.1, 0.1]) == [.admit, .refuse(retryAfter: 1)])
        // Below the rate, every request passes.
        #expect(Self.verdicts(&limiter, (1...20).map { 0.1 + Double($0) / 5 }).allSatisfy { $0 == .admit })
        // A long pause refills no more than the burst.
        #expect(Self.verdicts(&limiter, [100, 100, 100, 100]) == [.admit, .admit, .admit, .refuse(retryAfter: 1)])
    }

    @Test func tokenBucketRetryAfterRoundsTheWaitUp() {
        var limiter = RateLimiter(shape: .tokenBucket, rate: 1, burst: 1)
        #expect(limiter.admit(at: 0, inFlight: 1) == .admit)
        #expect(limiter.admit(at: 0, inFlight: 1) == .refuse(retryAfter: 1))
        var slow = RateLimiter(shape: .tokenBucket, rate: 1, burst: 1)
        _ = slow.admit(at: 0, inFlight: 1)
        #expect(slow.admit(at: 0.5, inFlight: 1) == .refuse(retryAfter: 1))
        #expect(slow.admit(at: 1.0, inFlight: 1) == .admit)
    }

    @Test func theBucketDefaultsToOneSecondsWorth() {
        var limiter = RateLimiter(shape: .tokenBucket, rate: 4)
        #expect(Self.verdicts(&limiter, [0, 0, 0, 0, 0]) == [.admit, .admit, .admit, .admit, .refuse(retryAfter: 1)])
    }

    @Test func fixedWindowAdmitsTheLimitPerWindowEvenAcrossItsEdge() {
        var limiter = RateLimiter(shape: .fixedWindow, rate: 3)
        #expect(Self.verdicts(&limiter, [0.5, 0.6, 0.7, 0.8]) == [.admit, .admit, .admit, .refuse(retryAfter: 1)])
        // A new window at 1.5: three more right after the edge (a fixed window allows 2× at its edge).
        #expect(Self.verdicts(&limiter, [1.5, 1.5, 1.5, 1.5]) == [.admit, .admit, .admit, .refuse(retryAfter: 1)])
    }

    @Test func slidingWindowCountsTheTrailingSecond() {
        var limiter = RateLimiter(shape: .slidingWindow, rate: 3)
        #expect(Self.verdicts(&limiter, [0.0, 0.4, 0.8]) == [.admit, .admit, .admit])
        // At 1.2 the trailing second (0.2, 1.2] holds 0.4 and 0.8: one more fits, then none.
        #expect(Self.verdicts(&limiter, [1.2, 1.2]) == [.admit, .refuse(retryAfter: 1)])
        // Unlike a fixed window, no double burst at an edge: at 1.41 only 0.4 has left.
        #expect(Self.verdicts(&limiter, [1.41, 1.41]) == [.admit, .refuse(retryAfter: 1)])
        // Refusals are not counted: the window frees up as admitted requests age out.
        #expect(Self.verdicts(&limiter, [2.5, 2.5, 2.5, 2.5]) == [.admit, .admit, .admit, .refuse(retryAfter: 1)])
    }

    @Test func aLongerWindowAdmitsItsAllowanceAndSaysWhenItEnds() {
        // 3/s over windows of 5 s: 15 a window, the 16th refused until the window's end.
        var fixed = RateLimiter(shape: .fixedWindow, rate: 3, window: 5)
        #expect(Self.verdicts(&fixed, Array(repeating: 0.5, count: 15)).allSatisfy { $0 == .admit })
        #expect(Self.verdicts(&fixed, [0.6, 4.6]) == [.refuse(retryAfter: 5), .refuse(retryAfter: 1)])
        #expect(Self.verdicts(&fixed, Array(repeating: 5.5, count: 16)).filter { $0 == .admit }.count == 15)
        // The sliding one counts the trailing 5 s: the first 15 leave it at 5.5.
        var sliding = RateLimiter(shape: .slidingWindow, rate: 3, window: 5)
        #expect(Self.verdicts(&sliding, Array(repeating: 0.5, count: 15)).allSatisfy { $0 == .admit })
        #expect(Self.verdicts(&sliding, [2, 5.5]) == [.refuse(retryAfter: 4), .admit])
    }

    @Test func slidingWindowStaysCorrectPastItsCompaction() {
        var limiter = RateLimiter(shape: .slidingWindow, rate: 100)
        var admitted = 0
        // 10,000 requests at 200/s for 50 s: exactly 100 per second get through.
        for index in 0..<10_000 where limiter.admit(at: Double(index) / 200, inFlight: 1) == .admit {
            admitted += 1
        }
        #expect((4_990...5_000).contains(admitted), "\(admitted)")
    }

    @Test func inFlightCapRefusesPastTheCapWithOrWithoutARate() {
        var capOnly = RateLimiter(rate: nil, maxInFlight: 2)
        #expect(capOnly.admit(at: 0, inFlight: 1) == .admit)
        #expect(capOnly.admit(at: 0, inFlight: 2) == .admit)
        #expect(capOnly.admit(at: 0, inFlight: 3) == .refuse(retryAfter: 1))
        #expect(capOnly.admit(at: 0, inFlight: 2) == .admit)
        var both = RateLimiter(shape: .tokenBucket, rate: 1, burst: 1, maxInFlight: 1)
        #expect(both.admit(at: 0, inFlight: 2) == .refuse(retryAfter: 1))
        #expect(both.admit(at: 0, inFlight: 1) == .admit)  // the refusal took no token
        #expect(both.admit(at: 0, inFlight: 1) == .refuse(retryAfter: 1))
    }

    @Test func aCapCheckedOnArrivalRefusesThenNotLater() {
        var gateway = RateLimiter(rate: nil, maxInFlight: 2, capAtArrival: true)
        #expect(gateway.arrive(inFlight: 2) == .admit)
        #expect(gateway.arrive(inFlight: 3) == .refuse(retryAfter: 1))
        // Once past the gateway, a request is not refused for those that arrived after it.
        #expect(gateway.admit(at: 0, inFlight: 9) == .admit)
        var server = RateLimiter(rate: nil, maxInFlight: 2)
        #expect(server.arrive(inFlight: 9) == .admit)
        #expect(server.admit(at: 0, inFlight: 3) == .refuse(retryAfter: 1))
    }

    @Test(arguments: LimiterShape.allCases)
    func withoutRetryAfterTheRefusalHasNoWait(shape: LimiterShape) {
        var limiter = RateLimiter(shape: shape, rate: 1, burst: 1, maxInFlight: 5, sendsRetryAfter: false)
        #expect(Self.verdicts(&limiter, [0, 0]) == [.admit, .refuse(retryAfter: nil)])
        #expect(limiter.admit(at: 5, inFlight: 6) == .refuse(retryAfter: nil))
    }

    @Test(arguments: LimiterShape.allCases)
    func theRateHalvesOrDoublesAfterNRequests(shape: LimiterShape) {
        func admittedPerSecond(_ change: RateChange) -> [Int] {
            var limiter = RateLimiter(shape: shape, rate: 100, burst: 10, change: change)
            var perSecond = [0, 0, 0, 0]
            // 400 requests a second for four seconds; the change comes after 1,000 (in the third second).
            for index in 0..<1_600 where limiter.admit(at: Double(index) / 400, inFlight: 1) == .admit {
                perSecond[index / 400] += 1
            }
            return perSecond
        }
        let halved = admittedPerSecond(RateChange(after: 1_000, requestsPerSecond: 50))
        let doubled = admittedPerSecond(RateChange(after: 1_000, requestsPerSecond: 200))
        // Seconds 0 and 1 at 100/s (a bucket also lets its burst through first); second 3 at the new rate.
        #expect((100...110).contains(halved[1]) && (100...110).contains(doubled[1]), "\(halved) \(doubled)")
        #expect((48...52).contains(halved[3]), "\(halved)")
        #expect((198...202).contains(doubled[3]), "\(doubled)")
    }

    @Test func aRefusalWithoutRetryAfterIsA429WithoutTheHeader() async throws {
        var configuration = SimulatorConfiguration(rateLimit: 1)
        configuration.limiter = .tokenBucket
        configuration.burst = 1
        configuration.sendsRetryAfter = false
        try await withSimulator(configuration) { api throws in
            let replies = try await api.burst(4, .GET, "/roles")
            let limited = replies.filter { $0.status == 429 }
            #expect(!limited.isEmpty)
            #expect(limited.allSatisfy { $0.header("Retry-After") == nil })
        }
    }

    @Test func aWindowOfFiveSecondsOverHTTPAdmitsFiveSecondsWorth() async throws {
        var configuration = SimulatorConfiguration(rateLimit: 2)
        configuration.windowSeconds = 5
        try await withSimulator(configuration) { api throws in
            // One at a time on loopback: ten (2/s over 5 s) go through, the eleventh is refused
            // until the window's end, seconds away (a one-second window would refuse the third).
            var replies: [Int] = []
            var retryAfter: String?
            while replies.count < 11 {
                let reply = try await api.send(.GET, "/roles")
                replies.append(Int(reply.status))
                retryAfter = reply.header("Retry-After")
            }
            #expect(replies == Array(repeating: 200, count: 10) + [429])
            #expect(retryAfter.flatMap(Int.init).map { (2...5).contains($0) } == true)
        }
    }

    @Test func aTokenBucketOverHTTPLetsItsBurstThrough() async throws {
        var configuration = SimulatorConfiguration(rateLimit: 1)
        configuration.limiter = .tokenBucket
        configuration.burst = 3
        try await withSimulator(configuration) { api throws in
            // One at a time: the first three take the tokens; one a second comes back, far slower
            // than requests on loopback, so a 429 comes within the next fifty.
            var statuses: [Int] = []
            while statuses.count < 53, !statuses.contains(429) { statuses.append(Int(try await api.send(.GET, "/roles").status)) }
            #expect(statuses.prefix(3) == [200, 200, 200])
            #expect(statuses.last == 429)
        }
    }

    @Test func theInFlightCapRefusesARequestWhileAnotherIsHeld() async throws {
        var configuration = Examples.configuration
        configuration.maxInFlight = 1
        // The first GET of the role is held for a while; the list is not.
        configuration.faults = [FaultRule(method: "GET", pathPrefix: "/api/v1/roles/", fault: .delay(milliseconds: 3_000))]
        try await withSimulator(configuration) { api throws in
            async let held = api.send(.GET, "/roles/\(Examples.roleID)")
            try await Wait.until("the held request to arrive") { await api.simulator.requestsInFlight() == 1 }
            let refused = try await api.send(.GET, "/roles")
            #expect(refused.status == 429)
            #expect(refused.header("Retry-After") == "1")
            #expect(try await held.status == 200)
            #expect(try await api.send(.GET, "/roles").status == 200)
        }
    }

    @Test("a cap checked on arrival refuses the request past it, never one that came in under it")
    func aCapCheckedOnArrival() async throws {
        func statuses(capAtArrival: Bool) async throws -> (first: Int, second: Int) {
            var configuration = Examples.configuration
            configuration.maxInFlight = 1
            configuration.capAtArrival = capAtArrival
            // The first request is held a second; the second, three.
            configuration.faults = [FaultRule(method: "GET", pathPrefix: "/api/v1/roles/", fault: .delay(milliseconds: 1_000)),
                                    FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .delay(milliseconds: 3_000))]
            return try await withSimulator(configuration) { api throws in
                async let first = api.send(.GET, "/roles/\(Examples.roleID)")
                try await Wait.until("the first request to arrive") { await api.simulator.requestsInFlight() == 1 }
                let second = try await api.send(.GET, "/roles")
                return (Int(try await first.status), Int(second.status))
            }
        }
        // On arrival: the second is refused at once, and the first is served.
        #expect(try await statuses(capAtArrival: true) == (200, 429))
        // When the server gets to them: the first, a second in, finds two being handled and is
        // refused; the second, alone by then, is served.
        #expect(try await statuses(capAtArrival: false) == (429, 200))
    }
}
