import Testing
@testable import PolicyModel

/// The bounded search gives the answer of the plain one (issue 10, item 7).
@Suite("Suggester")
struct SuggesterTests {
    /// The specification: the closest candidate within `allowedDistance`, first in order on a tie.
    static func reference(_ word: String, _ candidates: [String]) -> String? {
        guard word.unicodeScalars.count <= Suggester.maxLength else { return nil }
        let target = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased().unicodeScalars)
            let distance = Suggestion.editDistance(target, other)
            guard distance <= Suggestion.allowedDistance(target.count, other.count) else { continue }
            if distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Deterministic pseudo-random words over a small alphabet, so near words are common.
    struct Words {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func word() -> String {
            let letters = Array("abcdeE-é\u{200B}")
            return String((0..<Int(next() % 14)).map { _ in letters[Int(next() % UInt64(letters.count))] })
        }
    }

    @Test("same answers as the unbounded search on 3,000 random words")
    func matchesReference() {
        var words = Words(state: 42)
        let candidates = (0..<300).map { _ in words.word() }
        var suggester = Suggester(candidates: candidates)
        for _ in 0..<3_000 {
            let word = words.word()
            #expect(suggester.nearest(to: word) == Self.reference(word, candidates), "\(word.debugDescription)")
        }
    }

    @Test("the bounded distance is exact within its limit and nil beyond it")
    func boundedDistance() {
        var words = Words(state: 7)
        var scratch = DistanceScratch()
        for _ in 0..<2_000 {
            let (a, b) = (Array(words.word().unicodeScalars), Array(words.word().unicodeScalars))
            let exact = Suggestion.editDistance(a, b)
            let limit = Int(words.next() % 6)
            var cost = 0
            #expect(scratch.distance(a, b, limit: limit, cost: &cost) == (exact <= limit ? exact : nil))
        }
    }

    @Test("once the budget is spent there are no more suggestions, the same way every run")
    func budget() {
        let candidates = (0..<1_000).map { "role-\($0)-team" }
        func run() -> [String?] {
            var suggester = Suggester(candidates: candidates, budget: 200_000)
            return (0..<400).map { suggester.nearest(to: "rol-\($0)-team") }
        }
        let first = run()
        #expect(first == run())
        #expect(first.first == "role-0-team")
        #expect(first.last == .some(nil))
    }
}
