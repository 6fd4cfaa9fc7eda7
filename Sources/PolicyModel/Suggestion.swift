/// "Did you mean …?" for misspelled keys, aliases and role names.
///
/// A candidate is close enough when its edit distance (Levenshtein, on lower-cased Unicode scalars)
/// to the word is at most `max(2, shorter length / 3)`; the suggestion is the closest such candidate,
/// the first in the given order on a tie. The search is bounded, because both sides can come from
/// outside (thousands of live role names, a policy of thousands of unknown names, a name of
/// megabytes): words longer than `Suggester.maxLength` scalars get no suggestion, candidates are
/// found through an index of their letter pairs, distances are computed only within the allowed
/// band, and a `Suggester` stops suggesting once it has spent its budget. Everything is done in a
/// fixed order, so the same input always gives the same suggestions.
public enum Suggestion {
    /// The candidate closest to `word`, when it is close enough to be a likely typo. For many
    /// look-ups against the same candidates, make one `Suggester`.
    public static func nearest(to word: String, among candidates: some Sequence<String>) -> String? {
        var suggester = Suggester(candidates: candidates)
        return suggester.nearest(to: word)
    }

    /// The largest edit distance at which a candidate of `m` scalars is suggested for a word of `n`.
    static func allowedDistance(_ n: Int, _ m: Int) -> Int {
        max(2, min(n, m) / 3)
    }

    /// Levenshtein distance, two rows at a time (the unbounded reference for tests).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// Rows reused by every bounded distance a `Suggester` computes.
struct DistanceScratch {
    private var previous: [Int] = []
    private var current: [Int] = []

    /// The Levenshtein distance of `a` and `b` when it is at most `limit`, else nil. A common prefix
    /// and suffix are skipped (they do not change the distance); of the rest only cells of the
    /// diagonal band `|i − j| ≤ limit` are computed, and the walk stops at the first row whose every
    /// cell exceeds `limit`. `cost` grows by the scalars compared and the cells computed.
    mutating func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int, cost: inout Int) -> Int? {
        guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var (aEnd, bEnd) = (a.count, b.count)
        while aEnd > start, bEnd > start, a[aEnd - 1] == b[bEnd - 1] { aEnd -= 1; bEnd -= 1 }
        cost += start + a.count - aEnd
        let (n, m) = (aEnd - start, bEnd - start)
        if n == 0 || m == 0 { return max(n, m) }
        let over = limit + 1 // stands for "more than limit" and keeps cells small
        if previous.count < m + 1 {
            previous = [Int](repeating: over, count: m + 1)
            current = previous
        }
        for j in 0...m { previous[j] = j <= limit ? j : over }
        for i in 1...n {
            let low = max(1, i - limit)
            let high = min(m, i + limit)
            current[low - 1] = low == 1 && i <= limit ? i : over
            var rowMinimum = current[low - 1]
            let scalar = a[start + i - 1]
            for j in low...high {
                let substitution = previous[j - 1] + (scalar == b[start + j - 1] ? 0 : 1)
                let cell = min(substitution, previous[j] + 1, current[j - 1] + 1, over)
                current[j] = cell
                rowMinimum = min(rowMinimum, cell)
            }
            if high < m { current[high + 1] = over }
            cost += high - low + 1
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[m] <= limit ? previous[m] : nil
    }
}
