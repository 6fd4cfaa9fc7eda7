import PolicyModel
import Rendering

/// `sha256:` of the desired state's canonical text: the same for the same demands, whatever the
/// files' layout, comments, order or aliases.
public enum PolicyDigest {
    public static func compute(_ desired: DesiredState) -> String {
        // The canonical text's bytes, hashed as they are written: at 100,000 bindings the text is megabytes.
        ContentDigest.sha256(writing: desired.writeCanonicalText)
    }
}
