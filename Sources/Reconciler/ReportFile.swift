import Foundation

/// `apply --report FILE`: checked before the first change, written atomically after the last.
public enum ReportFile {
    /// Fails when the report could not be written: its folder missing or not writable, or the path a
    /// folder. Checked by creating and removing a file beside it, as the atomic write will.
    public static func checkWritable(_ path: String?) throws(ReconcileError) {
        guard let path else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ReconcileError.fileIO("cannot write the report: it is a directory; nothing was changed", path: path)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let probe = folder.appendingPathComponent(".egpolicy-report-check-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else {
            throw ReconcileError.fileIO("cannot write the report: its folder \(folder.path) does not exist or is not writable; nothing was changed", path: path)
        }
        try? FileManager.default.removeItem(at: probe)
    }

    public static func write(_ text: String, to path: String) throws(ReconcileError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReconcileError.fileIO("cannot write the report: \(error.localizedDescription)", path: path)
        }
    }
}
