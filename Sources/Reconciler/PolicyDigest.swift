import Crypto
import PolicyModel

/// `sha256:` of the desired state's canonical text: the same for the same demands, whatever the
/// files' layout, comments, order or aliases.
public enum PolicyDigest {
    public static func compute(_ desired: DesiredState) -> String {
        let digest = SHA256.hash(data: Array(desired.canonicalText.utf8))
        return "sha256:" + digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
