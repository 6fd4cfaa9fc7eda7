import Foundation
import PolicyModel

/// Expands the command line's PATH arguments into the policy files to read (CONTRACT §2).
public enum PolicyFileFinder {
    /// Files named directly are read whatever their extension; directories are walked recursively
    /// for `*.yaml` and `*.yml`, skipping names that start with `.`. The result is in byte-wise
    /// path order, each file once. Paths keep the form the user gave (`./policies/a.yaml`).
    public static func find(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: Set<String> = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(.error("no such file or directory", path: path))
                continue
            }
            if isDirectory.boolValue {
                var visited: Set<String> = []
                walk(directory: path, into: &files, visited: &visited, diagnostics: &diagnostics)
            } else {
                files.insert(path)
            }
        }
        return (files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, diagnostics)
    }

    private static func walk(directory: String, into files: inout Set<String>, visited: inout Set<String>,
                             diagnostics: inout [Diagnostic]) {
        // Symbolic links to directories are followed once; a loop is not walked twice.
        let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            diagnostics.append(.error("cannot read directory: \(error.localizedDescription)", path: directory))
            return
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names where !name.hasPrefix(".") {
            let child = prefix + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                walk(directory: child, into: &files, visited: &visited, diagnostics: &diagnostics)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                files.insert(child)
            }
        }
    }
}
