import PolicyModel
import Rendering

/// `sha256:` of the desired state's canonical text: the same for the same demands, whatever the
/// files' layout, comments, order or aliases.
public enum PolicyDigest {
    public static func compute(_ desired: DesiredState) -> String {
        ContentDigest.sha256(Array(desired.canonicalText.utf8))
    }
}
