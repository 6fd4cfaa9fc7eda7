import Foundation

/// The file system as the walk sees it: names as bytes (a name need not be UTF-8), and a symbolic
/// link seen as a link before it is followed.
extension DirectoryWalk {
    enum EntryKind: Equatable {
        case file, directory, linkToFile, linkToDirectory, danglingLink, other
    }

    /// The names in `directory` (without `.` and `..`) in byte-wise order, or nil when it cannot be read.
    static func entries(of directory: String) -> [[UInt8]]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != Array(".".utf8) && name != Array("..".utf8) { names.append(name) }
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// What `path` is, looking at a symbolic link before following it. (`lstat`, not FileManager's
    /// attributes, which also look up the owner's user and group names in /etc/passwd and /etc/group.)
    static func kind(of path: String) -> EntryKind {
        var link = stat()
        guard lstat(path, &link) == 0 else { return .other }
        switch link.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        case S_IFLNK:
            var target = stat()
            guard stat(path, &target) == 0 else { return .danglingLink }
            return target.st_mode & S_IFMT == S_IFDIR ? .linkToDirectory : .linkToFile
        default: return .other
        }
    }

    /// Whether the entry at the bytes `path` (not UTF-8, so not a `String`) is a directory.
    static func isDirectory(rawPath path: [UInt8]) -> Bool {
        let terminated = path.map { CChar(bitPattern: $0) } + [0]
        guard let handle = opendir(terminated) else { return false }
        closedir(handle)
        return true
    }

    /// `path` with every symbolic link resolved, or nil when it does not resolve.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
