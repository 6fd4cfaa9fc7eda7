import Crypto

/// `sha256:` and the lowercase hex of a SHA-256, the form of both digests a plan carries.
public enum ContentDigest {
    public static func sha256(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
