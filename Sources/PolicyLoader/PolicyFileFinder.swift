import Foundation
import PolicyModel

/// Expands the command line's PATH arguments into the policy files to read (README, "Policy files").
///
/// A path named on the command line is read as given, through any symbolic link. A directory is
/// walked without leaving it: a symbolic link to a directory is not followed (a link to `/` or to
/// `..` would pull in the filesystem or a neighbour's YAML) and is reported with a warning; a
/// `*.yaml`/`*.yml` link is read only when its target lies inside the walked directory, and is an
/// error when it points outside or nowhere; a policy file or folder whose name is not UTF-8 is an
/// error naming it with the bytes escaped. Nothing is skipped silently but non-policy files and
/// names starting with `.`.
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
                var walk = DirectoryWalk(root: path)
                walk.walk(directory: path)
                files.formUnion(walk.files)
                diagnostics += walk.diagnostics
            } else {
                files.insert(path)
            }
        }
        return (files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, diagnostics)
    }
}

/// One directory argument's walk: what it reads and what it reports, in byte-wise name order.
struct DirectoryWalk {
    let root: String
    /// The real path of `root`, with a trailing `/`: the tree a link may point into.
    private let realRoot: String?
    private(set) var files: [String] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(root: String) {
        self.root = root
        realRoot = DirectoryWalk.realPath(root).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    mutating func walk(directory: String) {
        guard let names = DirectoryWalk.entries(of: directory) else {
            diagnostics.append(.error("cannot read directory: \(String(cString: strerror(errno)))", path: directory))
            return
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for bytes in names where bytes.first != UInt8(ascii: ".") {
            let name = String(decoding: bytes, as: UTF8.self)
            guard name.utf8.elementsEqual(bytes) else {
                reportUndecodable(bytes, in: prefix)
                continue
            }
            let child = prefix + name
            let isPolicyName = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
            switch DirectoryWalk.kind(of: child) {
            case .directory:
                walk(directory: child)
            case .file where isPolicyName:
                files.append(child)
            case .linkToDirectory:
                diagnostics.append(.warning("is a symbolic link to a directory; not followed (name the directory as an argument to read it)", path: child))
            case .linkToFile where isPolicyName:
                if let target = DirectoryWalk.realPath(child), let realRoot, target.hasPrefix(realRoot) {
                    files.append(child)
                } else {
                    diagnostics.append(.error("is a symbolic link to a file outside \(root); not read", path: child))
                }
            case .danglingLink where isPolicyName:
                diagnostics.append(.error("is a symbolic link to a file that does not exist", path: child))
            default:
                continue
            }
        }
    }

    /// A name that is not UTF-8 cannot be shown as it is: its bytes from 0x80 are written `\x{E9}`.
    /// Only policy files and folders are reported; other files are never read anyway.
    private mutating func reportUndecodable(_ bytes: [UInt8], in prefix: String) {
        var shown = ""
        for byte in bytes {
            if byte < 0x80 {
                shown.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                shown += "\\x{\(String(byte, radix: 16, uppercase: true))}"
            }
        }
        let isFolder = DirectoryWalk.isDirectory(rawPath: Array(prefix.utf8) + bytes)
        let isPolicyName = [".yaml", ".yml"].contains { bytes.count >= $0.utf8.count && bytes.suffix($0.utf8.count).elementsEqual($0.utf8) }
        guard isFolder || isPolicyName else { return }
        let what = isFolder ? "folder" : "file"
        diagnostics.append(.error("the \(what) name is not valid UTF-8; rename the \(what) to read it", path: prefix + PrintableText.escaped(shown)))
    }
}
