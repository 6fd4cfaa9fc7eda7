import Foundation

/// Where tests write their files: one directory per test process, inside the system's temporary
/// directory, removed when the process exits. (Each test names its own paths under it, as it did
/// under the temporary directory itself; a run of the suite left thousands of them there.)
public enum Scratch {
    /// `…/egpolicy-tests-<pid>-<random>`, made on first use.
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("egpolicy-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            fatalError("cannot make the tests' scratch directory \(url.path): \(error)")
        }
        // Runs after the last test; the root is made by then, so reading it here makes nothing.
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return url
    }()
}
