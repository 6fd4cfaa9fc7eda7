import ArgumentParser
import EntryGuardSimulator

/// `--tls-cert` and `--tls-key`: serve HTTPS instead of HTTP.
struct TLSOptions: ParsableArguments {
    @Option(name: .customLong("tls-cert"),
            help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (needs --tls-key).", valueName: "file"))
    var certificate: String?

    @Option(name: .customLong("tls-key"),
            help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var key: String?

    func validate() throws {
        if (certificate == nil) != (key == nil) {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    /// The TLS setup, with both files read; nil for plain HTTP.
    func loaded() throws -> SimulatorTLS? {
        guard let certificate, let key else { return nil }
        return try SimulatorTLS(certificateFile: certificate, keyFile: key)
    }
}
