import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The stored logins of `egpolicy login` (README, "Credentials and logging in"): `$XDG_CONFIG_HOME/egpolicy/credentials.json`
/// (else `~/.config/…`), one entry per API URL, holding a refresh token — never a password.
///
/// Refresh tokens rotate, so every refresh rewrites the file, and two runs sharing one login must
/// not both refresh with the same token (the second would be refused, and a server that detects
/// reuse revokes the whole login). Every change is therefore made by `update`, under an exclusive
/// lock of a lock file beside it, on the entry as it is on disk at that moment; the file itself is
/// replaced atomically (written to a temporary file of mode 0600, then renamed).
public struct CredentialsFile: Sendable {
    /// One stored login.
    public struct Entry: Codable, Sendable, Equatable {
        public var organizationSlug: String
        public var email: String
        public var refreshToken: String
        /// RFC 3339 time the entry was last written.
        public var savedAt: String

        public init(organizationSlug: String, email: String, refreshToken: String, savedAt: String) {
            self.organizationSlug = organizationSlug
            self.email = email
            self.refreshToken = refreshToken
            self.savedAt = savedAt
        }
    }

    private struct Document: Codable {
        var formatVersion = 1
        var logins: [String: Entry] = [:]
    }

    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_CONFIG_HOME/egpolicy/credentials.json`, else `$HOME/.config/egpolicy/credentials.json`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/egpolicy/credentials.json"
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.config/egpolicy/credentials.json"
    }

    /// The login stored for `apiURL`, if any.
    public func entry(for apiURL: String) async throws -> Entry? {
        let descriptor = try await lock()
        defer { unlock(descriptor) }
        return try read().logins[apiURL]
    }

    /// Changes the entry of `apiURL` under the lock: `change` sees the entry as it is now and
    /// returns the new one (`nil` removes it); what it returns besides is passed back.
    @discardableResult
    public func update<Value>(_ apiURL: String, _ change: (Entry?) async throws -> (Entry?, Value)) async throws -> Value {
        let descriptor = try await lock()
        defer { unlock(descriptor) }
        var document = try read()
        let (entry, value) = try await change(document.logins[apiURL])
        guard entry != document.logins[apiURL] else { return value }
        document.logins[apiURL] = entry
        try store(document)
        return value
    }

    // MARK: - Files

    private var directory: String { (path as NSString).deletingLastPathComponent }

    /// An exclusive `flock` of `credentials.json.lock` (the data file is replaced by rename, so it
    /// cannot carry the lock itself).
    /// Waits without blocking a thread: another process (or task) may hold the lock for a refresh.
    private func lock() async throws -> Int32 {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CredentialError(message: "cannot create the folder of the credentials file \(directory): \(error.localizedDescription)")
        }
        let descriptor = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CredentialError(message: "cannot open the lock file \(path).lock: \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(descriptor)
                throw CredentialError(message: "cannot lock \(path).lock: \(String(cString: strerror(errno)))")
            }
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                close(descriptor)
                throw error
            }
        }
        return descriptor
    }

    private func unlock(_ descriptor: Int32) {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The document on disk (empty when there is no file), refused when others could read it.
    private func read() throws(CredentialError) -> Document {
        var status = stat()
        guard stat(path, &status) == 0 else {
            guard errno == ENOENT else {
                throw CredentialError(message: "cannot read the credentials file \(path): \(String(cString: strerror(errno)))")
            }
            return Document()
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw CredentialError(message: "the credentials file \(path) can be read by others (mode \(String(mode, radix: 8))); "
                + "it holds a login: run 'chmod 600 \(path)', or remove it and run 'egpolicy login' again")
        }
        guard status.st_uid == geteuid() else {
            throw CredentialError(message: "the credentials file \(path) belongs to another user (uid \(status.st_uid)); refusing to use it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError(message: "cannot read the credentials file \(path)")
        }
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw CredentialError(message: "the credentials file \(path) is not one egpolicy wrote (\(LiveStateFile.describe(error))); "
                + "remove it and run 'egpolicy login' again")
        }
    }

    /// Writes a temporary file of mode 0600 beside the real one, then renames it over it.
    private func store(_ document: Document) throws(CredentialError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else {
            throw CredentialError(message: "cannot encode the credentials file")
        }
        let temporary = "\(path).\(getpid()).tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CredentialError(message: "cannot write the credentials file \(path): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { bytes in write(descriptor, bytes.baseAddress, bytes.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CredentialError(message: "cannot write the credentials file \(path): \(reason)")
        }
    }
}
