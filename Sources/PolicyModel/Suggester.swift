/// Many "did you mean" look-ups against one list of candidates, within a budget of work for the run.
///
/// Candidates are indexed once by the letter pairs (bigrams, with a start and an end mark) of their
/// lower-cased scalars. A candidate of `m` scalars within edit distance `k` of a word of `n` shares
/// at least `max(n, m) + 1 − 2k` bigrams with it (one edit changes at most two), so most candidates
/// are ruled out by counting shared bigrams, before any distance is computed. The count is taken
/// over the word's posting lists, or, when those are long, only over the rarest lists covering
/// `2k + 1` of the word's bigrams (a candidate within `k` holds one of them) and then per candidate.
/// A look-up tries `k = 1` first, the usual typo, and widens only when nothing is found.
public struct Suggester: Sendable {
    /// Words longer than this many scalars get no suggestion.
    public static let maxLength = 256
    /// Work (index entries read, bigrams compared, distance cells computed) a suggester may spend
    /// in all; about a second. Once it is spent, no more suggestions.
    public static let defaultBudget = 200_000_000

    private let names: [String]
    private var scalars: [[Unicode.Scalar]] = []
    /// Each candidate's bigrams, sorted, repeats kept.
    private var bigramsOf: [[UInt64]] = []
    /// Bigram → the candidates holding it, ascending, each once.
    private var postings: [UInt64: [Int32]] = [:]
    /// Candidate indices by scalar count, ascending, for words too short for the bigram filter.
    private var byLength: [Int: [Int32]] = [:]
    public private(set) var remainingBudget: Int
    private var scratch = DistanceScratch()
    private var shared: [Int] = []

    /// Indexes `candidates`, kept in the order given (it breaks ties). Candidates too long to be
    /// suggested for any word of at most `maxLength` scalars are left out.
    public init(candidates: some Sequence<String>, budget: Int = Suggester.defaultBudget) {
        var names: [String] = []
        let longest = Self.maxLength + Self.maxLength / 3
        for candidate in candidates where candidate.unicodeScalars.prefix(longest + 1).count <= longest {
            let lowered = Array(candidate.lowercased().unicodeScalars)
            guard lowered.count <= longest else { continue }
            let index = Int32(names.count)
            names.append(candidate)
            scalars.append(lowered)
            byLength[lowered.count, default: []].append(index)
            let bigrams = Self.bigrams(lowered).sorted()
            bigramsOf.append(bigrams)
            for (position, bigram) in bigrams.enumerated() where position == 0 || bigrams[position - 1] != bigram {
                postings[bigram, default: []].append(index)
            }
        }
        self.names = names
        remainingBudget = budget
        shared = [Int](repeating: 0, count: names.count)
    }

    /// The closest candidate within the allowed distance (`Suggestion`), or nil when there is none,
    /// the word is longer than `maxLength` scalars, or the budget is spent.
    public mutating func nearest(to word: String) -> String? {
        guard remainingBudget > 0, word.unicodeScalars.prefix(Self.maxLength + 1).count <= Self.maxLength else { return nil }
        let target = Array(word.lowercased().unicodeScalars)
        guard target.count <= Self.maxLength else { return nil }
        let widest = Suggestion.allowedDistance(target.count, target.count)
        var bound = 1
        while remainingBudget > 0 {
            if let found = search(target, within: bound) { return names[found] }
            if bound >= widest { return nil }
            bound = min(widest, bound * 2)
        }
        return nil
    }

    /// The closest acceptable candidate at distance at most `bound`, first in order on a tie.
    private mutating func search(_ target: [Unicode.Scalar], within bound: Int) -> Int? {
        let n = target.count
        var cost = 0
        defer { remainingBudget -= cost }
        var best: (distance: Int, index: Int)?
        for index in candidates(for: target, within: bound, cost: &cost) {
            guard cost < remainingBudget else { return nil }
            let candidate = scalars[index]
            var limit = min(bound, Suggestion.allowedDistance(n, candidate.count))
            if let best { limit = min(limit, best.distance - 1) }
            guard let distance = scratch.distance(target, candidate, limit: limit, cost: &cost) else { continue }
            best = (distance, index)
        }
        guard cost < remainingBudget else { return nil }
        return best?.index
    }

    /// The fewest bigrams a candidate of `m` scalars shares with a word of `n` if it is within reach.
    private static func sharedNeeded(_ n: Int, _ m: Int, bound: Int) -> Int {
        max(n, m) + 1 - 2 * min(bound, Suggestion.allowedDistance(n, m))
    }

    /// Every candidate that passes the length and bigram-count filters for `bound`, ascending.
    private mutating func candidates(for target: [Unicode.Scalar], within bound: Int, cost: inout Int) -> [Int] {
        let n = target.count
        guard n + 1 > 2 * bound else {
            // Too short for the bigram filter: every candidate of a length in reach.
            var found: [Int] = []
            for length in max(0, n - bound)...(n + bound) { found += (byLength[length] ?? []).lazy.map(Int.init) }
            cost += found.count
            return found.sorted()
        }
        let bigrams = Self.bigrams(target).sorted()
        var counts: [(bigram: UInt64, count: Int)] = []
        for bigram in bigrams {
            if counts.last?.bigram == bigram { counts[counts.count - 1].count += 1 } else { counts.append((bigram, 1)) }
        }
        let lists = counts.map { (bigram: $0.bigram, list: postings[$0.bigram] ?? [], repeats: $0.count) }
        let everyList = lists.reduce(0) { $0 + $1.list.count }
        // The rarest lists that cover 2·bound + 1 of the word's bigrams.
        var rarest: [[Int32]] = []
        var covered = 0
        for entry in lists.sorted(by: { ($0.list.count, $0.bigram) < ($1.list.count, $1.bigram) }) where covered <= 2 * bound {
            rarest.append(entry.list)
            covered += entry.repeats
        }
        let fromRarest = rarest.reduce(0) { $0 + $1.count }
        var found: [Int] = []
        if everyList <= fromRarest * (n + 8) {
            // Count shared bigrams (at most the word's repeats of each) over every list.
            var touched: [Int] = []
            for (_, list, repeats) in lists {
                for index in list.lazy.map(Int.init) {
                    if shared[index] == 0 { touched.append(index) }
                    shared[index] += repeats
                }
            }
            cost += everyList + touched.count
            for index in touched {
                if shared[index] >= Self.sharedNeeded(n, scalars[index].count, bound: bound) { found.append(index) }
                shared[index] = 0
            }
        } else {
            // Candidates from the rarest lists, then an exact count by merging sorted bigrams.
            var seen = Set<Int32>()
            for list in rarest {
                for index in list where seen.insert(index).inserted {
                    let other = bigramsOf[Int(index)]
                    cost += n + other.count
                    let needed = Self.sharedNeeded(n, other.count - 1, bound: bound)
                    guard abs(other.count - 1 - n) <= bound, Self.sharedCount(bigrams, other) >= needed else { continue }
                    found.append(Int(index))
                }
            }
        }
        return found.sorted()
    }

    /// The size of the multiset intersection of two sorted lists.
    private static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var (i, j, count) = (0, 0, 0)
        while i < a.count && j < b.count {
            if a[i] == b[j] { count += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return count
    }

    /// The bigrams of `text` with a start and an end mark, each as one number.
    private static func bigrams(_ text: [Unicode.Scalar]) -> [UInt64] {
        let start: UInt64 = 0x11_0000, end: UInt64 = 0x11_0001
        var result: [UInt64] = []
        result.reserveCapacity(text.count + 1)
        var previous = start
        for scalar in text {
            let value = UInt64(scalar.value)
            result.append(previous << 21 | value)
            previous = value
        }
        result.append(previous << 21 | end)
        return result
    }
}
