import Crypto

/// `sha256:` and the lowercase hex of a SHA-256, the form of both digests a plan carries.
public enum ContentDigest {
    public static func sha256(_ bytes: [UInt8]) -> String {
        text(of: SHA256.hash(data: bytes))
    }

    /// The digest of bytes given piece by piece: `write` hands each piece, in order, to the
    /// function it is given.
    public static func sha256(writing write: ((UnsafeRawBufferPointer) -> Void) -> Void) -> String {
        var hash = SHA256()
        write { hash.update(bufferPointer: $0) }
        return text(of: hash.finalize())
    }

    private static func text(of digest: SHA256.Digest) -> String {
        "sha256:" + digest.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
